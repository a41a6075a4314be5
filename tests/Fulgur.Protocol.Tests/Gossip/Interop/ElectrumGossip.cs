using System.Text.Json.Nodes;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Gossip.Interop;

/// <summary>
/// Runs tests/interop/electrum/electrum_gossip.py against Debian's python3-electrum, an independent implementation of
/// BOLT 7 signature checks. Tests skip, saying why, when /usr/bin/python3 cannot import electrum's gossip modules.
/// </summary>
internal static class ElectrumGossip
{
    private const string Script = "electrum_gossip.py";

    private const string Imports =
        "from electrum.channel_db import ChannelDB; from electrum.lnverifier import verify_sig_for_channel_update";

    public static void SkipUnlessAvailable() => ElectrumPython.RequireScript(Script, Imports);

    public static Task<JsonArray> RunAsync(JsonArray cases) => ElectrumPython.RunJsonAsync(Script, cases);
}
