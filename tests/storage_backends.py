"""The two storage back ends, for tests that must pass on both: a local directory, and an
S3-compatible object store (moto in server mode, on loopback, started once per test run)."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.core.storage import LocalStorage, S3Storage, Storage

BACKENDS = ["local", "s3"]
S3_REGION = "eu-north-1"
S3_KEYS = {"access_key_id": "test-access-key", "secret_access_key": "test-secret-key"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A local S3-compatible server for the whole run."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def new_bucket(endpoint: str) -> str:
    """A bucket of its own for one test."""
    import boto3

    bucket = f"test-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=S3_REGION,
        aws_access_key_id=S3_KEYS["access_key_id"],
        aws_secret_access_key=S3_KEYS["secret_access_key"],
    )
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": S3_REGION})
    return bucket


def s3_config(endpoint: str) -> dict[str, str]:
    """App settings for the S3 back end, on a new bucket."""
    return {
        "FILE_STORAGE": "s3",
        "S3_BUCKET": new_bucket(endpoint),
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": S3_REGION,
        "S3_ACCESS_KEY_ID": S3_KEYS["access_key_id"],
        "S3_SECRET_ACCESS_KEY": S3_KEYS["secret_access_key"],
        "S3_PREFIX": "files/",
    }


def make_backend(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Storage:
    if kind == "local":
        return LocalStorage(tmp_path / "files")
    endpoint = request.getfixturevalue("s3_endpoint")
    return S3Storage(
        new_bucket(endpoint),
        endpoint_url=endpoint,
        region=S3_REGION,
        prefix="files/",
        **S3_KEYS,
    )
