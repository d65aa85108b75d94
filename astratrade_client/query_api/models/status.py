from enum import StrEnum


class Status(StrEnum):
    ACCEPTED = "accepted"
    DECIDED = "decided"
    DECLINED = "declined"
    ENDED = "ended"
    EXPIRED = "expired"
    OFFERED = "offered"

    def __str__(self) -> str:
        return str(self.value)
