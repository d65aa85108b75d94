from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.metric import Metric
from ..models.standing_reply_source import StandingReplySource
from ..models.window import Window

if TYPE_CHECKING:
    from ..models.entry import Entry


T = TypeVar("T", bound="StandingReply")


@_attrs_define
class StandingReply:
    """
    Attributes:
        metric (Metric): What a board ranks by.
        window (Window): Which stretch of time a board covers.
        bucket (None | str): the UTC day (`2026-01-05`) or ISO week (`2026-W02`); null for all
        clan_id (None | UUID):
        as_of_position (int):
        source (StandingReplySource): the live Redis mirror, or PostgreSQL
        user_id (UUID):
        username (None | str):
        rank (int | None): null when the user is not ranked on this board
        value (None | str): decimal string: whole XP, USD with 2 decimals, or percent with 2 decimals
        neighbours (list[Entry]): the entries around the user, the user included, in rank order
    """

    metric: Metric
    window: Window
    bucket: None | str
    clan_id: None | UUID
    as_of_position: int
    source: StandingReplySource
    user_id: UUID
    username: None | str
    rank: int | None
    value: None | str
    neighbours: list[Entry]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        metric = self.metric.value

        window = self.window.value

        bucket: None | str
        bucket = self.bucket

        clan_id: None | str
        if isinstance(self.clan_id, UUID):
            clan_id = str(self.clan_id)
        else:
            clan_id = self.clan_id

        as_of_position = self.as_of_position

        source = self.source.value

        user_id = str(self.user_id)

        username: None | str
        username = self.username

        rank: int | None
        rank = self.rank

        value: None | str
        value = self.value

        neighbours = []
        for neighbours_item_data in self.neighbours:
            neighbours_item = neighbours_item_data.to_dict()
            neighbours.append(neighbours_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "metric": metric,
                "window": window,
                "bucket": bucket,
                "clan_id": clan_id,
                "as_of_position": as_of_position,
                "source": source,
                "user_id": user_id,
                "username": username,
                "rank": rank,
                "value": value,
                "neighbours": neighbours,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.entry import Entry  # noqa: PLC0415

        d = dict(src_dict)
        metric = Metric(d.pop("metric"))

        window = Window(d.pop("window"))

        def _parse_bucket(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        bucket = _parse_bucket(d.pop("bucket"))

        def _parse_clan_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                clan_id_type_0 = UUID(data)

                return clan_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        clan_id = _parse_clan_id(d.pop("clan_id"))

        as_of_position = d.pop("as_of_position")

        source = StandingReplySource(d.pop("source"))

        user_id = UUID(d.pop("user_id"))

        def _parse_username(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        username = _parse_username(d.pop("username"))

        def _parse_rank(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rank = _parse_rank(d.pop("rank"))

        def _parse_value(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        value = _parse_value(d.pop("value"))

        neighbours = []
        _neighbours = d.pop("neighbours")
        for neighbours_item_data in _neighbours:
            neighbours_item = Entry.from_dict(neighbours_item_data)

            neighbours.append(neighbours_item)

        standing_reply = cls(
            metric=metric,
            window=window,
            bucket=bucket,
            clan_id=clan_id,
            as_of_position=as_of_position,
            source=source,
            user_id=user_id,
            username=username,
            rank=rank,
            value=value,
            neighbours=neighbours,
        )

        standing_reply.additional_properties = d
        return standing_reply

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
