using System.Globalization;
using System.Text.Json;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Peers;

/// <summary>Two fulgurd processes on loopback, driven through fulgur-cli: they connect and list each other.</summary>
public sealed class PeerProcessTests : IDisposable
{
    private readonly TempDirectory _dirA = new();
    private readonly TempDirectory _dirB = new();

    public void Dispose()
    {
        _dirA.Dispose();
        _dirB.Dispose();
    }

    private static async Task<int> PortOfAsync(DaemonProcess daemon)
    {
        var info = await daemon.CliJsonAsync("getinfo");
        var binding = Assert.Single(info.GetProperty("binding").EnumerateArray());
        return binding.GetProperty("port").GetInt32();
    }

    private static async Task<JsonElement> PeersAsync(DaemonProcess daemon) => (await daemon.CliJsonAsync("listpeers")).GetProperty("peers");

    [Fact]
    public async Task Two_daemons_connect_and_show_each_other_in_listpeers()
    {
        using var a = await DaemonProcess.StartAsync(_dirA.Path);
        using var b = await DaemonProcess.StartAsync(_dirB.Path);
        var portB = (await PortOfAsync(b)).ToString(CultureInfo.InvariantCulture);

        var connect = await a.CliJsonAsync("connect", $"{b.NodeId}@127.0.0.1:{portB}");
        Assert.Equal(b.NodeId, connect.GetProperty("id").GetString());
        Assert.Equal("out", connect.GetProperty("direction").GetString());

        var ofA = Assert.Single((await PeersAsync(a)).EnumerateArray());
        Assert.Equal(b.NodeId, ofA.GetProperty("id").GetString());
        Assert.True(ofA.GetProperty("connected").GetBoolean());

        JsonElement? ofB = null;
        await PeerHarness.WaitUntilAsync(async () =>
        {
            var peers = await PeersAsync(b);
            ofB = peers.GetArrayLength() == 1 ? peers[0] : null;
            return ofB is not null;
        }, "B lists A");
        Assert.Equal(a.NodeId, ofB!.Value.GetProperty("id").GetString());
        Assert.True(ofB.Value.GetProperty("connected").GetBoolean());

        Assert.Equal(132, (await a.CliJsonAsync("ping", b.NodeId)).GetProperty("totlen").GetInt32());
        Assert.Equal(1, (await b.CliJsonAsync("getinfo")).GetProperty("num_peers").GetInt32());
    }

    [Fact]
    public async Task Connect_to_a_wrong_node_id_exits_1_with_a_clear_error_and_the_daemon_keeps_serving()
    {
        using var a = await DaemonProcess.StartAsync(_dirA.Path);
        using var b = await DaemonProcess.StartAsync(_dirB.Path);
        var portB = (await PortOfAsync(b)).ToString(CultureInfo.InvariantCulture);
        // B's id with the other parity prefix: a valid key (B's negated) that B does not hold.
        var wrongId = (b.NodeId[..2] == "02" ? "03" : "02") + b.NodeId[2..];
        var result = await a.CliAsync("connect", $"{wrongId}@127.0.0.1:{portB}");
        Assert.Equal(1, result.ExitCode);
        using var error = JsonDocument.Parse(result.Stdout);
        Assert.Equal(-1, error.RootElement.GetProperty("code").GetInt32());
        Assert.Contains("handshake", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await PeersAsync(a)).GetArrayLength());
        Assert.Equal(b.NodeId, (await b.CliJsonAsync("getinfo")).GetProperty("id").GetString());
    }
}
