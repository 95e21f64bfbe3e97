"""The fixed cast for tests (ARCHITECTURE.md): plain functions, no magic.

Practice A "Riverside Counselling": admin Ada, therapist Tess, clients Cam and Casey (both Tess's).
Practice B "Hillside Therapy": therapist Theo, client Cleo.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.accounts.models import Client, Practice, Role, User
from accord.accounts.people import create_client, create_staff

PASSWORD = "correct horse battery staple"


def make_practice(name: str = "Riverside Counselling") -> Practice:
    return Practice.objects.create(name=name)


def make_admin(practice: Practice, email: str = "ada@riverside.example", name: str = "Ada Admin") -> User:
    return create_staff(practice, email=email, full_name=name, role=Role.ADMIN, password=PASSWORD)


def make_therapist(
    practice: Practice, email: str = "tess@riverside.example", name: str = "Tess Taylor"
) -> User:
    return create_staff(practice, email=email, full_name=name, role=Role.THERAPIST, password=PASSWORD)


def make_client(therapist: User, name: str = "Cam", email: str | None = "cam@riverside.example") -> Client:
    return create_client(
        therapist.practice,
        display_name=name,
        therapist=therapist,
        email=email,
        password=PASSWORD if email else None,
    )


@dataclass
class Cast:
    practice_a: Practice
    practice_b: Practice
    ada: User
    tess: User
    theo: User
    cam: Client
    casey: Client
    cleo: Client

    @property
    def cam_user(self) -> User:
        return self.cam.user

    @property
    def casey_user(self) -> User:
        return self.casey.user

    @property
    def cleo_user(self) -> User:
        return self.cleo.user


def make_cast() -> Cast:
    practice_a = make_practice("Riverside Counselling")
    practice_b = make_practice("Hillside Therapy")
    ada = make_admin(practice_a)
    tess = make_therapist(practice_a)
    theo = make_therapist(practice_b, email="theo@hillside.example", name="Theo Thomas")
    cam = make_client(tess, "Cam", "cam@riverside.example")
    casey = make_client(tess, "Casey", "casey@riverside.example")
    cleo = make_client(theo, "Cleo", "cleo@hillside.example")
    return Cast(practice_a, practice_b, ada, tess, theo, cam, casey, cleo)
