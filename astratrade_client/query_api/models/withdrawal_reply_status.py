from enum import StrEnum


class WithdrawalReplyStatus(StrEnum):
    FAILED = "failed"
    REQUESTED = "requested"
    SETTLED = "settled"
    SUBMITTED = "submitted"

    def __str__(self) -> str:
        return str(self.value)
