"""Static files: hashed, compressed and cached for a year once collected; plain names before that."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class AccordStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's manifest storage (``app.3f2a….css`` + ``.gz``/``.br``, served with a far-future,
    immutable cache header), which falls back to the plain file names while nothing has been collected —
    so the test suite, development and `accord demo` work without running ``collectstatic``."""

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:
            return name
        return super().stored_name(name)
