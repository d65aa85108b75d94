from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RegisterRequest")


@_attrs_define
class RegisterRequest:
    """
    Attributes:
        username (str):
        email (str):
        password (str): at least 10 characters and not a common password, else 422 weak_password
    """

    username: str
    email: str
    password: str

    def to_dict(self) -> dict[str, Any]:
        username = self.username

        email = self.email

        password = self.password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "username": username,
                "email": email,
                "password": password,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        username = d.pop("username")

        email = d.pop("email")

        password = d.pop("password")

        register_request = cls(
            username=username,
            email=email,
            password=password,
        )

        return register_request
