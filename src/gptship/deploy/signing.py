"""ed25519 signatures of a bundle's MANIFEST (the `cryptography` library).

Keys are the PEM files OpenSSL writes:

    openssl genpkey -algorithm ed25519 -out signing-key.pem      # keep it off the servers
    openssl pkey -in signing-key.pem -pubout -out signing-key.pub  # give this one out"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gptship.errors import GptshipError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

_HOW = "make one with: openssl genpkey -algorithm ed25519 -out signing-key.pem"


def sign(data: bytes, private_key: Path) -> bytes:
    return _private(private_key).sign(data)


def public_key_pem(private_key: Path) -> bytes:
    """The public half of an ed25519 PEM private key, as `openssl pkey -pubout` writes it."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = _private(private_key).public_key()
    return public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def pem_body(pem: bytes) -> str:
    """The base64 between a PEM's BEGIN and END lines: one line for an ed25519 key."""
    return "".join(line for line in pem.decode().splitlines() if not line.startswith("-----"))


def _private(private_key: Path) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        key = load_pem_private_key(_read(private_key), password=None)
    except (ValueError, TypeError) as e:
        raise GptshipError(
            f"{private_key}: not an unencrypted PEM private key ({e}); {_HOW}"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise GptshipError(f"{private_key}: not an ed25519 key; {_HOW}")
    return key


def verify(data: bytes, signature: bytes, public_key: Path) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    try:
        key = load_pem_public_key(_read(public_key))
    except ValueError as e:
        raise GptshipError(
            f"{public_key}: not a PEM public key ({e}); write it with: "
            "openssl pkey -in signing-key.pem -pubout -out signing-key.pub"
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise GptshipError(f"{public_key}: not an ed25519 public key")
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise GptshipError(f"{path}: cannot read the key ({e.strerror})") from e
