from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.portfolio_reply_cash import PortfolioReplyCash
    from ..models.portfolio_reply_held_by_orders import PortfolioReplyHeldByOrders
    from ..models.portfolio_reply_reserved_margin import PortfolioReplyReservedMargin
    from ..models.portfolio_reply_total_deposits import PortfolioReplyTotalDeposits
    from ..models.position_view import PositionView


T = TypeVar("T", bound="PortfolioReply")


@_attrs_define
class PortfolioReply:
    """A trader's portfolio as of ``as_of_position`` of the global log.

    Attributes:
        user_id (UUID):
        as_of_position (int): the portfolio includes every event up to this log position
        currency (str): currency of realized_pnl, unrealized_pnl and equity
        cash (PortfolioReplyCash): cash not reserved as margin, by currency
        reserved_margin (PortfolioReplyReservedMargin): margin held by open positions, by currency
        total_deposits (PortfolioReplyTotalDeposits): all cash ever deposited, by currency
        positions (list[PositionView]):
        unrealized_pnl (str):
        realized_pnl (str): net of both fees, over every closed position
        closed_positions (int):
        equity (str): cash + reserved margin + held by orders + unrealized P&L, in currency
        held_by_orders (PortfolioReplyHeldByOrders | Unset): cash reserved by resting orders (margin + fee at their
            price)
    """

    user_id: UUID
    as_of_position: int
    currency: str
    cash: PortfolioReplyCash
    reserved_margin: PortfolioReplyReservedMargin
    total_deposits: PortfolioReplyTotalDeposits
    positions: list[PositionView]
    unrealized_pnl: str
    realized_pnl: str
    closed_positions: int
    equity: str
    held_by_orders: PortfolioReplyHeldByOrders | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = str(self.user_id)

        as_of_position = self.as_of_position

        currency = self.currency

        cash = self.cash.to_dict()

        reserved_margin = self.reserved_margin.to_dict()

        total_deposits = self.total_deposits.to_dict()

        positions = []
        for positions_item_data in self.positions:
            positions_item = positions_item_data.to_dict()
            positions.append(positions_item)

        unrealized_pnl = self.unrealized_pnl

        realized_pnl = self.realized_pnl

        closed_positions = self.closed_positions

        equity = self.equity

        held_by_orders: dict[str, Any] | Unset = UNSET
        if not isinstance(self.held_by_orders, Unset):
            held_by_orders = self.held_by_orders.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "as_of_position": as_of_position,
                "currency": currency,
                "cash": cash,
                "reserved_margin": reserved_margin,
                "total_deposits": total_deposits,
                "positions": positions,
                "unrealized_pnl": unrealized_pnl,
                "realized_pnl": realized_pnl,
                "closed_positions": closed_positions,
                "equity": equity,
            }
        )
        if held_by_orders is not UNSET:
            field_dict["held_by_orders"] = held_by_orders

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.portfolio_reply_cash import PortfolioReplyCash  # noqa: PLC0415
        from ..models.portfolio_reply_held_by_orders import PortfolioReplyHeldByOrders  # noqa: PLC0415
        from ..models.portfolio_reply_reserved_margin import (
            PortfolioReplyReservedMargin,  # noqa: PLC0415
        )
        from ..models.portfolio_reply_total_deposits import PortfolioReplyTotalDeposits  # noqa: PLC0415
        from ..models.position_view import PositionView  # noqa: PLC0415

        d = dict(src_dict)
        user_id = UUID(d.pop("user_id"))

        as_of_position = d.pop("as_of_position")

        currency = d.pop("currency")

        cash = PortfolioReplyCash.from_dict(d.pop("cash"))

        reserved_margin = PortfolioReplyReservedMargin.from_dict(
            d.pop("reserved_margin")
        )

        total_deposits = PortfolioReplyTotalDeposits.from_dict(d.pop("total_deposits"))

        positions = []
        _positions = d.pop("positions")
        for positions_item_data in _positions:
            positions_item = PositionView.from_dict(positions_item_data)

            positions.append(positions_item)

        unrealized_pnl = d.pop("unrealized_pnl")

        realized_pnl = d.pop("realized_pnl")

        closed_positions = d.pop("closed_positions")

        equity = d.pop("equity")

        _held_by_orders = d.pop("held_by_orders", UNSET)
        held_by_orders: PortfolioReplyHeldByOrders | Unset
        if isinstance(_held_by_orders, Unset):
            held_by_orders = UNSET
        else:
            held_by_orders = PortfolioReplyHeldByOrders.from_dict(_held_by_orders)

        portfolio_reply = cls(
            user_id=user_id,
            as_of_position=as_of_position,
            currency=currency,
            cash=cash,
            reserved_margin=reserved_margin,
            total_deposits=total_deposits,
            positions=positions,
            unrealized_pnl=unrealized_pnl,
            realized_pnl=realized_pnl,
            closed_positions=closed_positions,
            equity=equity,
            held_by_orders=held_by_orders,
        )

        portfolio_reply.additional_properties = d
        return portfolio_reply

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
