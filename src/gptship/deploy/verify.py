"""`gptship verify`: is this bundle, directory or archive, exactly what was built (and signed
by a key we trust)? Every difference is named, file by file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gptship.deploy import bundle, manifest, signing
from gptship.errors import GptshipError


@dataclass(frozen=True)
class Verified:
    path: Path
    files: int
    signed: bool  # it carries a MANIFEST.sig
    trusted: bool  # ... and the signature checked against a trusted key


def verify(path: Path, trust_key: Path | None = None) -> Verified:
    """Check a bundle directory or .tar.gz; raises GptshipError naming every file that
    differs, or the signature that does not check."""
    try:
        return _verify(path, trust_key)
    except PermissionError as e:  # a bundle copied with its builder's 0600 files, say
        raise GptshipError(
            f"{e.filename or path}: cannot be read by this user, so the bundle cannot be "
            f"checked; make every file readable (chmod -R a+rX {path}) and try again"
        ) from None


def _verify(path: Path, trust_key: Path | None) -> Verified:
    if path.is_dir():
        listed_bytes = _read_optional(path / manifest.MANIFEST)
        signature = _read_optional(path / manifest.SIGNATURE)
        found = manifest.hash_tree(path)
        where = path / manifest.MANIFEST
    elif path.is_file():
        contents = bundle.hash_archive(path)
        listed_bytes, signature, found = contents.manifest, contents.signature, contents.hashes
        where = Path(f"{path}:{contents.top}/{manifest.MANIFEST}")
    else:
        raise GptshipError(f"{path}: no such bundle directory or archive")
    if listed_bytes is None:
        raise GptshipError(f"{path}: no MANIFEST; this is not a bundle gptship build wrote")
    problems = manifest.compare(manifest.parse(listed_bytes, str(where)), found)
    if problems:
        shown = "; ".join(map(str, problems[:10]))
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise GptshipError(
            f"{path}: does not match its MANIFEST: {shown}{more}. Do not serve it: copy the "
            "bundle again from the build"
        )
    trusted = False
    if trust_key is not None:
        if signature is None:
            raise GptshipError(
                f"{path}: not signed (no {manifest.SIGNATURE}), but --trust-key asks for a "
                "signature; build it with --sign-key"
            )
        if not signing.verify(listed_bytes, signature, trust_key):
            raise GptshipError(
                f"{path}: the signature does not match {trust_key}: the MANIFEST was changed "
                "or signed with another key. Do not serve it"
            )
        trusted = True
    return Verified(path, len(found), signature is not None, trusted)


def before_serving(result: Verified, allow_unverified: bool) -> str | None:
    """What to warn about before serving a verified bundle; raises for a signed bundle whose
    signature no trusted key checked, unless `allow_unverified`: a signature nobody checks
    would let anyone who rewrites the MANIFEST pass."""
    if result.trusted:
        return None
    if not result.signed:
        return (
            f"{result.path}: not signed (no {manifest.SIGNATURE}): its files match its "
            "MANIFEST, but nothing shows who built it (gptship build --sign-key signs it)"
        )
    if not allow_unverified:
        raise GptshipError(
            f"{result.path}: this bundle is signed ({manifest.SIGNATURE}), but no trust key "
            "was given, so its signature cannot be checked, and a bundle changed after the "
            "build with its MANIFEST rewritten would pass. Pass --trust-key KEY.pub (or set "
            "GPTSHIP_TRUST_KEY=KEY.pub), the signer's public key (gptship build --sign-key "
            "writes it beside the bundle as NAME.pub); or pass "
            "--allow-unverified (GPTSHIP_ALLOW_UNVERIFIED=true) to serve it unchecked"
        )
    return (
        f"{result.path}: serving a signed bundle WITHOUT checking its signature "
        "(--allow-unverified): its files match its MANIFEST, but that MANIFEST may not be "
        "the one that was signed; pass --trust-key KEY.pub to check it"
    )


def _read_optional(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None
