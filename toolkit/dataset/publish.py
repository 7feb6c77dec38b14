"""``claimkit publish``: upload the built folder to the Hugging Face Hub, and nothing else.

Everything that can be checked is built and checked locally (``claimkit build``);
the upload is the last, thin step, because huggingface_hub's upload needs the network
and a token and cannot be tested here. ``--dry-run`` lists what would be uploaded
without either, so the step can be reviewed before it is taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import ClaimkitError, DataError, UsageError


class PublishError(ClaimkitError):
    """The upload could not happen (no token, no network, refused by the Hub): exit 1."""

    exit_code = 1


@dataclass(frozen=True)
class UploadPlan:
    """What an upload sends: files (relative path, bytes) of ``folder`` to ``repo_id``."""

    folder: Path
    repo_id: str
    private: bool
    files: tuple[tuple[str, int], ...]

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files)

    def summary(self) -> str:
        visibility = "private" if self.private else "public"
        return (
            f"{len(self.files)} file(s), {self.total_bytes} bytes from {self.folder}"
            f" to dataset {self.repo_id} ({visibility})"
        )


def plan_upload(folder: Path | str, repo_id: str, *, private: bool = False) -> UploadPlan:
    """Check the folder and the repo id; list the files (hidden ones excluded, sorted)."""
    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import validate_repo_id

    folder = Path(folder)
    if repo_id.count("/") != 1:
        raise UsageError(f"--repo-id must be ORG/NAME (or USER/NAME), got {repo_id!r}")
    try:
        validate_repo_id(repo_id)
    except HFValidationError as exc:
        first = str(exc).strip().splitlines()[0]
        raise UsageError(f"--repo-id {repo_id!r} is not a valid repo id: {first}") from None
    if not (folder / "README.md").is_file():
        raise DataError("not a built dataset folder (no README.md); run `claimkit build`",
                        path=folder)
    files = tuple(
        (p.relative_to(folder).as_posix(), p.stat().st_size)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not any(rel.startswith("claims/") and rel.endswith(".parquet") for rel, _ in files):
        raise DataError("no claims/*.parquet in this folder: nothing to publish; run"
                        " `claimkit build`", path=folder)  # fmt: skip
    return UploadPlan(folder=folder, repo_id=repo_id, private=private, files=files)


def publish(plan: UploadPlan, *, token: str | None = None) -> str:
    """Create the dataset repo if needed and upload the folder; returns the commit URL.

    The token comes from ``token``, else ``HF_TOKEN`` or the saved ``hf auth login``
    (huggingface_hub's own lookup). Hub and network failures become one line.
    """
    import huggingface_hub
    from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

    token = token or huggingface_hub.get_token()
    if not token:
        raise PublishError("no Hugging Face token: set HF_TOKEN or run `hf auth login`")
    api = huggingface_hub.HfApi(token=token)
    try:
        api.create_repo(plan.repo_id, repo_type="dataset", private=plan.private, exist_ok=True)
        info = api.upload_folder(
            repo_id=plan.repo_id,
            repo_type="dataset",
            folder_path=str(plan.folder),
            allow_patterns=[rel for rel, _ in plan.files],
            commit_message="Upload dataset built by claimkit",
        )
    except OfflineModeIsEnabled:
        raise PublishError("cannot upload: HF_HUB_OFFLINE is set; unset it to publish") from None
    except HfHubHTTPError as exc:
        first = str(exc).strip().splitlines()[0]
        raise PublishError(f"the Hub refused the upload to {plan.repo_id}: {first}") from None
    except OSError as exc:  # connection refused, DNS failure, timeouts (httpx errors too)
        raise PublishError(f"cannot reach the Hugging Face Hub: {exc}") from None
    except Exception as exc:
        if type(exc).__module__.startswith(("httpx", "httpcore", "requests", "urllib3")):
            raise PublishError(f"cannot reach the Hugging Face Hub: {exc}") from None
        raise
    return str(getattr(info, "commit_url", info))
