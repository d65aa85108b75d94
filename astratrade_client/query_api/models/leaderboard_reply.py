from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.leaderboard_reply_source import LeaderboardReplySource
from ..models.metric import Metric
from ..models.window import Window

if TYPE_CHECKING:
    from ..models.entry import Entry


T = TypeVar("T", bound="LeaderboardReply")


@_attrs_define
class LeaderboardReply:
    """
    Attributes:
        metric (Metric): What a board ranks by.
        window (Window): Which stretch of time a board covers.
        bucket (None | str): the UTC day (`2026-01-05`) or ISO week (`2026-W02`); null for all
        clan_id (None | UUID):
        as_of_position (int):
        source (LeaderboardReplySource): the live Redis mirror, or PostgreSQL
        entries (list[Entry]):
        next_cursor (None | str): pass as `cursor` for the next page; null on the last page
    """

    metric: Metric
    window: Window
    bucket: None | str
    clan_id: None | UUID
    as_of_position: int
    source: LeaderboardReplySource
    entries: list[Entry]
    next_cursor: None | str
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

        entries = []
        for entries_item_data in self.entries:
            entries_item = entries_item_data.to_dict()
            entries.append(entries_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

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
                "entries": entries,
                "next_cursor": next_cursor,
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

        source = LeaderboardReplySource(d.pop("source"))

        entries = []
        _entries = d.pop("entries")
        for entries_item_data in _entries:
            entries_item = Entry.from_dict(entries_item_data)

            entries.append(entries_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        leaderboard_reply = cls(
            metric=metric,
            window=window,
            bucket=bucket,
            clan_id=clan_id,
            as_of_position=as_of_position,
            source=source,
            entries=entries,
            next_cursor=next_cursor,
        )

        leaderboard_reply.additional_properties = d
        return leaderboard_reply

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
