"""`tuinotes mcp`: the server started as an assistant starts it (a process on stdio) and
driven with the MCP SDK's own client."""

from __future__ import annotations

import json
import sys

import pytest

mcp = pytest.importorskip("mcp")  # the `mcp` extra; the test extra installs it

from mcp import ClientSession, StdioServerParameters, stdio_client  # noqa: E402

TOOLS = {"search", "meeting", "meetings", "person", "people", "series", "actions", "topic",
         "decisions", "open_threads", "changes"}  # fmt: skip


@pytest.fixture
def server(notes, tmp_path):
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "tuinotes", "mcp", str(notes)],
        env={
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "PYTHONUNBUFFERED": "1",
        },
    )


def answer(result) -> dict:
    assert not result.is_error, result.content
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content


async def test_an_assistant_lists_the_tools_and_asks_the_meeting_memory(server):
    async with stdio_client(server) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        assert set(tools) == TOOLS
        assert all(tool.description for tool in tools.values())
        assert "attendee:NAME" in json.dumps(tools["search"].input_schema)

        hits = answer(await session.call_tool("search", {"query": "trademark"}))
        assert hits["total"] >= 1 and hits["hits"][0]["path"].endswith(".md")
        first = hits["hits"][0]["path"]

        shown = answer(await session.call_tool("meeting", {"path": first}))
        assert shown["title"] and shown["attendees"]

        listed = answer(await session.call_tool("meetings", {"limit": 3}))
        assert len(listed["meetings"]) == 3 and listed["total"] >= 3

        decided = answer(await session.call_tool("decisions", {}))
        assert decided["decisions"] and all(d["decision"] for d in decided["decisions"])

        topics = answer(await session.call_tool("topic", {"reference": "trademark"}))
        assert topics["topics"] and topics["topics"][0]["meetings"]

        people = answer(await session.call_tool("people", {"limit": 2}))
        assert len(people["people"]) == 2 and people["total"] > 2
        series = answer(await session.call_tool("series", {}))
        names = [s["series"] for s in series["series"]]
        assert "Tidewater Community Call" in names
        threads = answer(await session.call_tool("open_threads", {"series": names[0]}))
        assert isinstance(threads["threads"], list)
        assert "\n" not in tools["open_threads"].description  # one paragraph


async def test_a_bad_argument_is_a_tool_error_and_the_server_goes_on(server):
    async with stdio_client(server) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        missing = await session.call_tool("meeting", {"path": "no/such-meeting.md"})
        assert missing.is_error and "no meeting at 'no/such-meeting.md'" in missing.content[0].text
        nobody = await session.call_tool("person", {"name": "Zyxw Nobody"})
        assert nobody.is_error
        bad_date = await session.call_tool("decisions", {"since": "last tuesday"})
        assert bad_date.is_error and "write it as YYYY-MM-DD" in bad_date.content[0].text
        no_series = await session.call_tool("open_threads", {"series": "nope"})
        assert no_series.is_error and "the `series` tool lists them" in no_series.content[0].text
        wrong_type = await session.call_tool("search", {"query": "x", "limit": "many"})
        assert wrong_type.is_error
        still = answer(await session.call_tool("search", {"query": "trademark"}))
        assert still["total"] >= 1
