from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProjectionState")


@_attrs_define
class ProjectionState:
    """Where one projection is in the global log, and how far behind.

    Attributes:
        name (str):
        position (int): last log position applied
        log_head (int): safe head of the log as last seen by the projection's worker
        lag_events (int): events still to read behind log_head
        lag_seconds (float): 0 when caught up, else the age of the last event applied (upper bound)
        status (str): running (catching up), idle (caught up), halted (poison event or failed upgrade, see last_error),
            upgrading (rebuilding for a new definition; the old model answers, frozen), stopped (no worker holds the lease)
        parked (int): poison events parked (skipped) by this projection
        version (int): the projection's definition the model was built with; a worker of a newer one rebuilds the model
            before serving
        updated_at (datetime.datetime):
        last_event_at (datetime.datetime | None): timestamp of the last event applied
        last_error (None | str | Unset):
    """

    name: str
    position: int
    log_head: int
    lag_events: int
    lag_seconds: float
    status: str
    parked: int
    version: int
    updated_at: datetime.datetime
    last_event_at: datetime.datetime | None
    last_error: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        position = self.position

        log_head = self.log_head

        lag_events = self.lag_events

        lag_seconds = self.lag_seconds

        status = self.status

        parked = self.parked

        version = self.version

        updated_at = self.updated_at.isoformat()

        last_event_at: None | str
        if isinstance(self.last_event_at, datetime.datetime):
            last_event_at = self.last_event_at.isoformat()
        else:
            last_event_at = self.last_event_at

        last_error: None | str | Unset
        if isinstance(self.last_error, Unset):
            last_error = UNSET
        else:
            last_error = self.last_error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "position": position,
                "log_head": log_head,
                "lag_events": lag_events,
                "lag_seconds": lag_seconds,
                "status": status,
                "parked": parked,
                "version": version,
                "updated_at": updated_at,
                "last_event_at": last_event_at,
            }
        )
        if last_error is not UNSET:
            field_dict["last_error"] = last_error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        position = d.pop("position")

        log_head = d.pop("log_head")

        lag_events = d.pop("lag_events")

        lag_seconds = d.pop("lag_seconds")

        status = d.pop("status")

        parked = d.pop("parked")

        version = d.pop("version")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_last_event_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_event_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_event_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_event_at = _parse_last_event_at(d.pop("last_event_at"))

        def _parse_last_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_error = _parse_last_error(d.pop("last_error", UNSET))

        projection_state = cls(
            name=name,
            position=position,
            log_head=log_head,
            lag_events=lag_events,
            lag_seconds=lag_seconds,
            status=status,
            parked=parked,
            version=version,
            updated_at=updated_at,
            last_event_at=last_event_at,
            last_error=last_error,
        )

        projection_state.additional_properties = d
        return projection_state

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
