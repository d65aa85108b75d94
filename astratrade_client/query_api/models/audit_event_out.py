from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audit_event_out_data import AuditEventOutData
    from ..models.audit_event_out_metadata import AuditEventOutMetadata


T = TypeVar("T", bound="AuditEventOut")


@_attrs_define
class AuditEventOut:
    """One event of the log as the audit trail holds it; ``stored_state`` is what ``hash`` covers.

    Attributes:
        position (int):
        timestamp (str):
        aggregate_id (UUID):
        version (int):
        type_ (str):
        schema_version (int):
        data (AuditEventOutData): the event's fields; personal data appears sealed (pii:v1:…)
        metadata (AuditEventOutMetadata): actor, correlation_id, causation_id, idempotency_key
        hash_ (str): hex SHA-256(prev_hash ‖ canonical bytes), docs/audit.md
        prev_hash (str):
        stored_state (str): base64 of the stored event's state bytes
    """

    position: int
    timestamp: str
    aggregate_id: UUID
    version: int
    type_: str
    schema_version: int
    data: AuditEventOutData
    metadata: AuditEventOutMetadata
    hash_: str
    prev_hash: str
    stored_state: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position = self.position

        timestamp = self.timestamp

        aggregate_id = str(self.aggregate_id)

        version = self.version

        type_ = self.type_

        schema_version = self.schema_version

        data = self.data.to_dict()

        metadata = self.metadata.to_dict()

        hash_ = self.hash_

        prev_hash = self.prev_hash

        stored_state = self.stored_state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "position": position,
                "timestamp": timestamp,
                "aggregate_id": aggregate_id,
                "version": version,
                "type": type_,
                "schema_version": schema_version,
                "data": data,
                "metadata": metadata,
                "hash": hash_,
                "prev_hash": prev_hash,
                "stored_state": stored_state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_event_out_data import AuditEventOutData  # noqa: PLC0415
        from ..models.audit_event_out_metadata import AuditEventOutMetadata  # noqa: PLC0415

        d = dict(src_dict)
        position = d.pop("position")

        timestamp = d.pop("timestamp")

        aggregate_id = UUID(d.pop("aggregate_id"))

        version = d.pop("version")

        type_ = d.pop("type")

        schema_version = d.pop("schema_version")

        data = AuditEventOutData.from_dict(d.pop("data"))

        metadata = AuditEventOutMetadata.from_dict(d.pop("metadata"))

        hash_ = d.pop("hash")

        prev_hash = d.pop("prev_hash")

        stored_state = d.pop("stored_state")

        audit_event_out = cls(
            position=position,
            timestamp=timestamp,
            aggregate_id=aggregate_id,
            version=version,
            type_=type_,
            schema_version=schema_version,
            data=data,
            metadata=metadata,
            hash_=hash_,
            prev_hash=prev_hash,
            stored_state=stored_state,
        )

        audit_event_out.additional_properties = d
        return audit_event_out

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
