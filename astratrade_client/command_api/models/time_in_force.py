from enum import StrEnum


class TimeInForce(StrEnum):
    GTC = "gtc"
    GTD = "gtd"
    IOC = "ioc"

    def __str__(self) -> str:
        return str(self.value)
