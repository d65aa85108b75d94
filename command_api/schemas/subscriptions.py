"""Paying for a subscription plan."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from command_api.schemas.common import CommandReply, StrictRequest


class SubscribeRequest(StrictRequest):
    plan: Literal["pro"] = Field(examples=["pro"])


class SubscriptionReply(CommandReply):
    subscription_id: str
    plan: str
    amount: str
    period_start: str
    period_end: str
    cash: str
