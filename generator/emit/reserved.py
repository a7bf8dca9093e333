"""Names a generated identifier must not take, by scope (kiota's
`PythonReservedNamesProvider`): explicit lists, each kept honest by a test that reads the
runtime it describes, instead of scanning the runtime's source while generating."""

from __future__ import annotations

# The client classes' own attributes (`BaseClient`, `SyncAPIClient`, `AsyncAPIClient` in
# templates/client/runtime/_base_client.py, plus `_version` the generated client sets):
# a top-level resource of one of these names is reached as `name_` (`client.organization`
# is the organization id).
CLIENT_ATTRIBUTES = frozenset(
    {
        "__aenter__",
        "__aexit__",
        "__enter__",
        "__exit__",
        "__init__",
        "__repr__",
        "_api_key",
        "_api_key_provider",
        "_base_url",
        "_base_url_str",
        "_build_headers",
        "_build_request",
        "_calculate_retry_timeout",
        "_client",
        "_configure",
        "_copy_kwargs",
        "_custom_headers",
        "_custom_query",
        "_make_status_error_from_response",
        "_parse_retry_after_header",
        "_prepare_url",
        "_process_response",
        "_redact",
        "_should_retry",
        "_sleep_for_retry",
        "_stainless_async",
        "_validate_max_retries",
        "_validate_request",
        "_version",
        "_webhook_secret",
        "api_key",
        "auth_headers",
        "base_url",
        "close",
        "copy",
        "default_headers",
        "default_query",
        "is_closed",
        "max_retries",
        "organization",
        "post",
        "project",
        "request",
        "timeout",
        "user_agent",
        "validate_requests",
        "webhook_secret",
        "webhooks",
        "websocket_base_url",
        "with_options",
    }
)

# A resource method's own parameters: a spec parameter of one of these names gets a `_`.
METHOD_PARAMETERS = frozenset(
    {"self", "extra_headers", "extra_query", "extra_body", "timeout"}
)

# The locals a resource method's body defines, by how it sends its body, and by the
# parameters it has (templates/client/resource.py.jinja).
METHOD_LOCALS = {
    "none": frozenset[str](),
    "json": frozenset({"body"}),
    "value": frozenset[str](),
    "multipart": frozenset({"body", "fields", "files", "content", "content_type"}),
}
QUERY_LOCALS = frozenset({"query"})
HEADER_LOCALS = frozenset({"headers"})
