using System.Globalization;
using System.Text.Json;
using Fulgur.Node.Tests.Peers;
using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Types;
using Fulgur.TestKit;

namespace Fulgur.Node.Tests.Interop;

/// <summary>
/// Electrum's independent BOLT 8 transport (Debian's python3-electrum, tests/interop/electrum/peer_electrum.py) against
/// a node: Electrum dials us, and we dial an Electrum responder. Both complete the handshake, exchange init (with
/// Electrum's real wallet features) and a ping. Skipped, saying why, when /usr/bin/python3 cannot import electrum.
/// </summary>
public sealed class ElectrumPeerTests
{
    private static string Script() => ElectrumPython.RequireScript("peer_electrum.py", "from electrum import lntransport");

    [SkippableFact]
    public async Task Electrum_dials_the_node_completes_init_and_gets_a_pong()
    {
        var script = Script();
        await using var node = await InProcessNode.StartAsync();
        var port = PeerRpcTests.PortOf(node).ToString(CultureInfo.InvariantCulture);
        var result = await ElectrumPython.RunAsync([script, "initiate", "127.0.0.1", port, node.Host.Identity.NodeId.ToHex()],
            timeout: ChildProcess.DefaultTimeout);
        Assert.True(result.ExitCode == 0, $"peer_electrum.py failed ({result.ExitCode}): {result.Stdout}{result.Stderr}");
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean(), root.ToString());
        Assert.Equal(50, root.GetProperty("pong_len").GetInt32());
        Assert.Equal(ChainHash.Regtest.ToString(), Assert.Single(root.GetProperty("networks").EnumerateArray()).GetString());
        Assert.Equal(Fulgur.Node.Peers.LocalFeatures.Init, Protocol.Wire.Features.FeatureBits.FromHex(PadHex(root.GetProperty("features").GetString()!)));
    }

    [SkippableFact]
    public async Task The_node_dials_an_Electrum_responder_completes_init_and_pings_it()
    {
        var script = Script();
        await using var node = await InProcessNode.StartAsync();
        using var electrum = ChildProcess.Start(ElectrumPython.Interpreter, [script, "respond"]);
        var listening = await LineAsync(electrum, "listening");
        var electrumId = listening.GetProperty("node_id").GetString()!;
        var port = listening.GetProperty("listening").GetInt32();

        var connect = await PeerRpcTests.ResultAsync(node, "connect",
            $"[\"{electrumId}@127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}\"]");
        Assert.Equal(electrumId, connect.GetProperty("id").GetString());
        Assert.Equal("out", connect.GetProperty("direction").GetString());

        var accepted = await LineAsync(electrum, "ok");
        Assert.True(accepted.GetProperty("ok").GetBoolean(), accepted.ToString());
        Assert.Equal(node.Host.Identity.NodeId.ToHex(), accepted.GetProperty("remote_id").GetString());
        Assert.Equal(ChainHash.Regtest.ToString(), Assert.Single(accepted.GetProperty("networks").EnumerateArray()).GetString());

        // Electrum answers our ping; its wallet's features made it through our init checks.
        Assert.Equal(4 + 16, (await PeerRpcTests.ResultAsync(node, "ping", $"{{\"id\": \"{electrumId}\", \"pongbytes\": 16}}"))
            .GetProperty("totlen").GetInt32());
        var peer = Assert.Single((await PeerRpcTests.ResultAsync(node, "listpeers")).GetProperty("peers").EnumerateArray());
        Assert.Equal(electrumId, peer.GetProperty("id").GetString());

        Assert.Empty((await PeerRpcTests.ResultAsync(node, "disconnect", $"[\"{electrumId}\"]")).EnumerateObject());
        await LineAsync(electrum, "closed");
    }

    /// <summary>Waits (with a timeout, polling the captured stdout) for a JSON line holding <paramref name="key"/>.</summary>
    private static async Task<JsonElement> LineAsync(ChildProcess process, string key)
    {
        JsonElement? found = null;
        await PeerHarness.WaitUntilAsync(() =>
        {
            foreach (var line in process.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("error", out _))
                    Assert.Fail($"peer_electrum.py: {line}");
                if (doc.RootElement.TryGetProperty(key, out _))
                {
                    found = doc.RootElement.Clone();
                    return true;
                }
            }
            return false;
        }, $"peer_electrum.py prints '{key}' (stderr: {process.Stderr})", TimeSpan.FromSeconds(60));
        return found!.Value;
    }

    private static string PadHex(string hex) => hex.Length % 2 == 0 ? hex : "0" + hex;
}
