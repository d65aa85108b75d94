from enum import StrEnum


class WithdrawalReplyStatusType0(StrEnum):
    REQUESTED = "requested"
    SETTLED = "settled"

    def __str__(self) -> str:
        return str(self.value)
