using System.Net;
using System.Net.Sockets;
using Fulgur.Crypto;
using Fulgur.Node.Config;
using Fulgur.Node.Storage;
using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Tests.Peers;

/// <summary>The listener's start-up failures and the peers table behind reconnection.</summary>
public sealed class PeerStartupTests
{
    [Fact]
    public async Task A_listen_address_in_use_stops_the_start_with_a_clear_message()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        using var dir = new TempDirectory();
        var config = InProcessNode.Config(dir, $"--addr=127.0.0.1:{port}");
        var e = await Assert.ThrowsAsync<NodeStartException>(() =>
            NodeHost.StartAsync(config, RecordingLogSink.Log(out _), TimeProvider.System, CancellationToken.None));
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", e.Message, StringComparison.Ordinal);

        // Nothing was left behind: the same directory starts on a free port.
        await using var node = await NodeHost.StartAsync(InProcessNode.Config(dir), RecordingLogSink.Log(out _), TimeProvider.System,
            CancellationToken.None);
        Assert.NotEqual(0, Assert.Single(node.Context.Status.Bindings).Port);
    }

    [Fact]
    public async Task Every_listen_address_is_bound_and_reported()
    {
        await using var node = await InProcessNode.StartAsync("--addr=127.0.0.1:0", "--addr=[::1]:0");
        var bindings = node.Host.Context.Status.Bindings;
        Assert.Equal(2, bindings.Count);
        Assert.Equal(("127.0.0.1", "ipv4"), (bindings[0].Host, bindings[0].AddressType));
        Assert.Equal(("::1", "ipv6"), (bindings[1].Host, bindings[1].AddressType));
        Assert.All(bindings, b => Assert.NotEqual(0, b.Port));
    }

    [Fact]
    public void Port_0_is_accepted_for_addr_only()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Assert.Single(InProcessNode.Config(dir, "--addr=127.0.0.1:0").ListenAddresses).Port);
        Assert.False(ConfigLoader.TryLoad([$"--lightning-dir={dir.Path}", "--announce-addr=example.com:0"], dir.Path, out _, out var error));
        Assert.Contains("is not a port number", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_peers_table_upserts_address_and_flag_independently()
    {
        await using var store = await SqliteStore.OpenAsync(SqliteStore.InMemory, CancellationToken.None);
        using var key = PrivateKey.Generate();
        var id = new NodeId(key.PublicKey);
        await using (var tx = await store.BeginAsync(CancellationToken.None))
        {
            Assert.Null(await tx.Peers.GetAsync(id, CancellationToken.None));
            await tx.Peers.SetHasChannelsAsync(id, true, CancellationToken.None);
            Assert.Equal(new StoredPeer(id, null, true), await tx.Peers.GetAsync(id, CancellationToken.None));
            await tx.Peers.SetAddressAsync(id, new HostPort("::1", 9735), CancellationToken.None);
            await tx.Peers.SetAddressAsync(id, new HostPort("127.0.0.1", 9736), CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
        await using (var tx = await store.BeginAsync(CancellationToken.None))
        {
            var stored = Assert.Single(await tx.Peers.ListAsync(CancellationToken.None));
            Assert.Equal(new StoredPeer(id, new HostPort("127.0.0.1", 9736), true), stored);
            await tx.Peers.SetHasChannelsAsync(id, false, CancellationToken.None);
            Assert.False((await tx.Peers.GetAsync(id, CancellationToken.None))!.HasChannels);
        }
        // Not committed: rolled back.
        await using (var tx = await store.BeginAsync(CancellationToken.None))
            Assert.True((await tx.Peers.GetAsync(id, CancellationToken.None))!.HasChannels);
    }
}
