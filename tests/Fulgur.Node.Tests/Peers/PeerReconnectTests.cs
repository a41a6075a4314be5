using Fulgur.Crypto;
using Fulgur.Node.Config;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Tests.Peers;

/// <summary>
/// Peers marked "has channels" (the flag later components set) are redialled at the address we last dialled: after a
/// restart, and whenever the connection drops. Peers without the flag, or without an address, are not.
/// </summary>
public sealed class PeerReconnectTests
{
    [Fact]
    public async Task A_peer_with_channels_is_redialled_after_a_restart()
    {
        await using var b = await PeerHarness.StartAsync();
        await using var store = await SqliteStore.OpenAsync(SqliteStore.InMemory, CancellationToken.None);
        using var aKey = PrivateKey.Generate();

        var a = await PeerHarness.StartAsync(store: store, key: PrivateKey.Create(aKey.ToBytes()));
        await a.Manager.ConnectAsync(b.Id, new HostPort("127.0.0.1", (ushort)b.Port), CancellationToken.None);
        await a.Manager.SetHasChannelsAsync(b.Id, true, CancellationToken.None);
        await a.Manager.StopAsync(CancellationToken.None);
        await PeerHarness.WaitUntilAsync(() => !b.Manager.IsConnected(a.Id), "B saw A go");

        await using (var tx = await store.BeginAsync(CancellationToken.None))
        {
            var stored = await tx.Peers.GetAsync(b.Id, CancellationToken.None);
            Assert.NotNull(stored);
            Assert.True(stored.HasChannels);
            Assert.Equal(new HostPort("127.0.0.1", (ushort)b.Port), stored.Address);
        }

        // "Restart": a new manager on the same database and key dials B by itself.
        var restarted = await PeerHarness.StartAsync(store: store, key: PrivateKey.Create(aKey.ToBytes()));
        try
        {
            await PeerHarness.WaitUntilAsync(() => restarted.Manager.IsConnected(b.Id) && b.Manager.IsConnected(restarted.Id), "A reconnected to B");
            await PeerHarness.WaitUntilAsync(() => restarted.Log.Lines.Any(l => l.Contains("reconnected", StringComparison.Ordinal)),
                "the reconnection is logged");
        }
        finally
        {
            await restarted.Manager.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_channel_peer_we_never_dialled_is_redialled_at_its_announced_address()
    {
        await using var b = await PeerHarness.StartAsync();
        await using var store = await SqliteStore.OpenAsync(SqliteStore.InMemory, CancellationToken.None);
        // B once connected in (no address of ours for it) and has a channel with us; its node_announcement gives an address.
        await using (var tx = await store.BeginAsync(CancellationToken.None))
        {
            await tx.Peers.SetHasChannelsAsync(b.Id, true, CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
        var asked = new List<string>();
        await using var a = await PeerHarness.StartAsync(store: store, setup: m => m.AnnouncedAddresses = (id, _) =>
        {
            lock (asked)
                asked.Add(id.ToHex());
            return Task.FromResult<IReadOnlyList<HostPort>>([new HostPort("127.0.0.1", (ushort)b.Port)]);
        });

        await PeerHarness.WaitUntilAsync(() => a.Manager.IsConnected(b.Id) && b.Manager.IsConnected(a.Id), "A dialled B at its announced address");
        lock (asked)
            Assert.Contains(b.Id.ToHex(), asked);
    }

    [Fact]
    public async Task A_dropped_peer_with_channels_is_redialled_and_one_without_is_not()
    {
        await using var b = await PeerHarness.StartAsync();
        await using var c = await PeerHarness.StartAsync();
        await using var a = await PeerHarness.StartAsync();
        await a.Manager.ConnectAsync(b.Id, new HostPort("127.0.0.1", (ushort)b.Port), CancellationToken.None);
        await a.Manager.ConnectAsync(c.Id, new HostPort("127.0.0.1", (ushort)c.Port), CancellationToken.None);
        await a.Manager.SetHasChannelsAsync(b.Id, true, CancellationToken.None);

        // B and C hang up on A.
        Assert.True(await b.Manager.DisconnectAsync(a.Id, "test"));
        Assert.True(await c.Manager.DisconnectAsync(a.Id, "test"));
        // A notices C's hang-up asynchronously; wait for that before asserting that nothing redials C.
        await PeerHarness.WaitUntilAsync(() => !a.Manager.IsConnected(c.Id), "A saw C hang up");
        await PeerHarness.WaitUntilAsync(() => a.Manager.IsConnected(b.Id) && b.Manager.IsConnected(a.Id), "A redialled B");
        Assert.False(a.Manager.IsConnected(c.Id));
    }

    [Fact]
    public async Task Reconnection_backs_off_while_the_peer_is_away_and_succeeds_when_it_returns()
    {
        using var bKey = PrivateKey.Generate();
        var b = await PeerHarness.StartAsync(key: PrivateKey.Create(bKey.ToBytes()));
        var port = (ushort)b.Port;
        await using var a = await PeerHarness.StartAsync();
        await a.Manager.ConnectAsync(b.Id, new HostPort("127.0.0.1", port), CancellationToken.None);
        await a.Manager.SetHasChannelsAsync(b.Id, true, CancellationToken.None);
        var bId = b.Id;
        await b.DisposeAsync();

        await PeerHarness.WaitUntilAsync(() => a.Log.Lines.Count(l => l.Contains("reconnection failed", StringComparison.Ordinal)) >= 2,
            "A tried and failed at least twice");
        Assert.False(a.Manager.IsConnected(bId));

        // B comes back on the same port.
        await using var store = await SqliteStore.OpenAsync(SqliteStore.InMemory, CancellationToken.None);
        var back = new Fulgur.Node.Peers.PeerManager(PrivateKey.Create(bKey.ToBytes()), [new HostPort("127.0.0.1", port)],
            BitcoinNetwork.Regtest, store, new NodeStatus(), Support.RecordingLogSink.Log(out _), TimeProvider.System, PeerHarness.FastOptions);
        await back.StartAsync(CancellationToken.None);
        try
        {
            await PeerHarness.WaitUntilAsync(() => a.Manager.IsConnected(bId), "A reconnected once B was back");
        }
        finally
        {
            await back.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Subscribed_handlers_and_observers_see_messages_and_connections_and_can_send()
    {
        var recorder = new RecordingHandler();
        await using var a = await PeerHarness.StartAsync(setup: m =>
        {
            m.Subscribe(new MessageType(32769), recorder);
            m.Subscribe(WarningMessage.MessageType, recorder);
            m.AddObserver(recorder);
        });
        await using var peer = await ScriptedPeer.ConnectAsync(a.Port);
        await peer.HandshakeAndInitAsync(a.Key.PublicKey);
        await PeerHarness.WaitUntilAsync(() => recorder.Events.Contains($"connected {peer.Id}"), "the observer saw the connection");

        await peer.SendPlaintextAsync([0x80, 0x01, 0xca, 0xfe]);
        await peer.SendAsync(new WarningMessage(Fulgur.Protocol.Types.ChannelId.All, "hm"));
        await PeerHarness.WaitUntilAsync(() => recorder.Messages.Count == 2, "both messages were delivered");
        var custom = Assert.IsType<UnknownMessage>(recorder.Messages[0].Message);
        Assert.Equal(peer.Id, recorder.Messages[0].Peer);
        Assert.Equal(new byte[] { 0xca, 0xfe }, custom.Payload.Span.ToArray());
        Assert.IsType<WarningMessage>(recorder.Messages[1].Message);

        Assert.True(a.Manager.TrySend(peer.Id, new PingMessage(9)));
        var ping = await peer.ReceiveAsync<PingMessage>();
        Assert.Equal(9, ping!.NumPongBytes);

        await peer.DisposeAsync();
        await PeerHarness.WaitUntilAsync(() => recorder.Events.Contains($"disconnected {peer.Id}"), "the observer saw the disconnection");
        Assert.False(a.Manager.TrySend(peer.Id, new PingMessage(9)));
    }

    [Fact]
    public async Task A_handler_that_throws_disconnects_only_that_peer()
    {
        await using var a = await PeerHarness.StartAsync(setup: m => m.Subscribe(new MessageType(32771), new ThrowingHandler()));
        await using var good = await ScriptedPeer.ConnectAsync(a.Port);
        await good.HandshakeAndInitAsync(a.Key.PublicKey);
        await using var bad = await ScriptedPeer.ConnectAsync(a.Port);
        await bad.HandshakeAndInitAsync(a.Key.PublicKey);
        await bad.SendPlaintextAsync([0x80, 0x03]);
        await bad.WaitClosedAsync();
        await good.SendAsync(new PingMessage(2));
        Assert.NotNull(await good.ReceiveAsync<PongMessage>());
        Assert.True(a.Manager.IsConnected(good.Id));
    }

    private sealed class ThrowingHandler : Fulgur.Node.Peers.IPeerMessageHandler
    {
        public Task HandleAsync(Fulgur.Protocol.Types.NodeId peer, IWireMessage message, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("handler bug");
    }
}
