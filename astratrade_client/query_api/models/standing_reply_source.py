from enum import StrEnum


class StandingReplySource(StrEnum):
    POSTGRES = "postgres"
    REDIS = "redis"

    def __str__(self) -> str:
        return str(self.value)
