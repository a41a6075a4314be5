using Fulgur.Crypto;
using Fulgur.Node.Peers;
using Fulgur.Protocol.Transport;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Tests.Peers;

/// <summary>
/// A scripted peer sends exactly what a misbehaving peer would; each case gets BOLT 8's silent hang-up or BOLT 1's
/// warning/error and disconnect, and the node keeps accepting well-behaved peers afterwards.
/// </summary>
public sealed class MisbehavingPeerTests : IAsyncLifetime
{
    private PeerHarness _node = null!;

    public async Task InitializeAsync() => _node = await PeerHarness.StartAsync(PeerHarness.FastOptions with
    {
        MaxMessageLength = 1000,
    });

    public async Task DisposeAsync() => await _node.DisposeAsync();

    /// <summary>The node still completes a handshake, init and a ping with a well-behaved peer.</summary>
    private async Task AssertStillServesAsync()
    {
        await using var good = await ScriptedPeer.ConnectAsync(_node.Port);
        await good.HandshakeAndInitAsync(_node.Key.PublicKey);
        await good.SendAsync(new PingMessage(7));
        var pong = await good.ReceiveAsync<PongMessage>();
        Assert.NotNull(pong);
        Assert.Equal(7, pong.Ignored.Length);
    }

    [Fact]
    public async Task Garbage_handshake_bytes_get_a_silent_hang_up()
    {
        await using (var peer = await ScriptedPeer.ConnectAsync(_node.Port))
        {
            var garbage = new byte[NoiseHandshake.ActOneLength];
            Random.Shared.NextBytes(garbage);
            garbage[0] = 0;
            await peer.SendRawAsync(garbage);
            await peer.WaitClosedAsync();
            // BOLT 8: the responder terminates "without any further messages".
            Assert.Equal(0, peer.RawBytesReceived);
        }
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task A_truncated_act_one_is_dropped_after_the_handshake_timeout()
    {
        await using (var peer = await ScriptedPeer.ConnectAsync(_node.Port))
        {
            using var handshake = NoiseHandshake.Initiator(peer.Key, _node.Key.PublicKey);
            var actOne = new byte[NoiseHandshake.ActOneLength];
            handshake.WriteActOne(actOne);
            await peer.SendRawAsync(actOne[..20]);
            await peer.WaitClosedAsync();
            Assert.Equal(0, peer.RawBytesReceived);
        }
        await PeerHarness.WaitUntilAsync(() => _node.Log.Lines.Any(l => l.Contains("handshake not completed", StringComparison.Ordinal)),
            "the timeout is logged");
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task A_peer_dialling_the_wrong_static_key_is_hung_up_on_after_act_one()
    {
        await using (var peer = await ScriptedPeer.ConnectAsync(_node.Port))
        {
            using var other = PrivateKey.Generate();
            using var handshake = NoiseHandshake.Initiator(peer.Key, other.PublicKey);
            var actOne = new byte[NoiseHandshake.ActOneLength];
            handshake.WriteActOne(actOne);
            await peer.SendRawAsync(actOne);
            await peer.WaitClosedAsync();
            Assert.Equal(0, peer.RawBytesReceived);
        }
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task A_length_prefix_over_the_limit_closes_the_connection()
    {
        await using (var peer = await ScriptedPeer.ConnectAsync(_node.Port))
        {
            await peer.HandshakeAndInitAsync(_node.Key.PublicKey);
            await peer.SendAsync(new PingMessage(0, paddingLength: 5000));
            await peer.WaitClosedAsync();
        }
        await PeerHarness.WaitUntilAsync(() => _node.Log.Lines.Any(l => l.Contains("exceeds our limit of 1000", StringComparison.Ordinal)),
            "the oversized message is logged");
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task A_message_failing_its_mac_closes_the_connection()
    {
        await using (var peer = await ScriptedPeer.ConnectAsync(_node.Port))
        {
            await peer.HandshakeAndInitAsync(_node.Key.PublicKey);
            // Encrypt a valid ping, then flip a bit of its body: the length prefix decrypts, the body's MAC fails.
            var frame = peer.EncryptOnly(MessageRegistry.Encode(new PingMessage(4)));
            frame[TransportCipher.HeaderLength] ^= 1;
            await peer.SendRawAsync(frame);
            var seen = await peer.WaitClosedAsync();
            Assert.DoesNotContain(seen, m => m is PongMessage);
        }
        await PeerHarness.WaitUntilAsync(() => _node.Log.Lines.Any(l => l.Contains("BodyBadTag", StringComparison.Ordinal)), "the bad MAC is logged");
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task A_first_message_other_than_init_closes_the_connection_with_nothing_but_our_init_sent()
    {
        await using (var peer = await ScriptedPeer.ConnectAsync(_node.Port))
        {
            await peer.HandshakeAsync(_node.Key.PublicKey);
            await peer.SendAsync(new PingMessage(4));
            var seen = await peer.WaitClosedAsync();
            // BOLT 1: the node "MUST wait to receive `init` before sending any other messages".
            Assert.IsType<InitMessage>(Assert.Single(seen));
        }
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task A_component_can_warn_a_peer_and_disconnect_it_with_the_warning_sent_first()
    {
        await using (var peer = await ScriptedPeer.ConnectAsync(_node.Port))
        {
            await peer.HandshakeAndInitAsync(_node.Key.PublicKey);
            await PeerHarness.WaitUntilAsync(() => _node.Manager.IsConnected(peer.Id), "the peer to be connected");
            // What gossip does for a channel_update with a bad signature (BOLT 7: "send a `warning` and close the connection").
            _node.Manager.WarnAndDisconnect(peer.Id, "channel_update 1x1x1/0: bad signature");
            var seen = await peer.WaitClosedAsync();
            var warning = Assert.IsType<WarningMessage>(Assert.Single(seen, m => m is WarningMessage or ErrorMessage));
            Assert.Equal("channel_update 1x1x1/0: bad signature", warning.DisplayText);
        }
        await PeerHarness.WaitUntilAsync(() => _node.Manager.ConnectedPeers.Count == 0, "the peer to be gone");
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task An_unknown_even_message_type_gets_a_warning_and_a_disconnect()
    {
        await using (var peer = await ScriptedPeer.ConnectAsync(_node.Port))
        {
            await peer.HandshakeAndInitAsync(_node.Key.PublicKey);
            await peer.SendPlaintextAsync([0x80, 0x00, 1, 2, 3]);
            var seen = await peer.WaitClosedAsync();
            var warning = Assert.IsType<WarningMessage>(Assert.Single(seen, m => m is WarningMessage or ErrorMessage));
            Assert.True(warning.IsForAllChannels);
            Assert.Contains("32768", warning.DisplayText, StringComparison.Ordinal);
        }
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task A_truncated_known_message_gets_a_warning_and_a_disconnect()
    {
        await using var peer = await ScriptedPeer.ConnectAsync(_node.Port);
        await peer.HandshakeAndInitAsync(_node.Key.PublicKey);
        // A ping whose byteslen says 10 but carries 2.
        await peer.SendPlaintextAsync([0x00, 0x12, 0x00, 0x04, 0x00, 0x0a, 0, 0]);
        var seen = await peer.WaitClosedAsync();
        Assert.Contains(seen, m => m is WarningMessage);
    }

    [Fact]
    public async Task An_unknown_odd_message_type_is_ignored()
    {
        await using var peer = await ScriptedPeer.ConnectAsync(_node.Port);
        await peer.HandshakeAndInitAsync(_node.Key.PublicKey);
        await peer.SendPlaintextAsync([0x80, 0x01, 1, 2, 3]);
        await peer.SendAsync(new PingMessage(3));
        var pong = await peer.ReceiveAsync<PongMessage>();
        Assert.Equal(3, pong!.Ignored.Length);
    }

    [Fact]
    public async Task A_peer_stopping_mid_message_is_dropped_after_the_message_timeout()
    {
        await using (var peer = await ScriptedPeer.ConnectAsync(_node.Port))
        {
            await peer.HandshakeAndInitAsync(_node.Key.PublicKey);
            var frame = peer.EncryptOnly(MessageRegistry.Encode(new PingMessage(0, paddingLength: 100)));
            await peer.SendRawAsync(frame[..(TransportCipher.HeaderLength + 10)]);
            await peer.WaitClosedAsync();
        }
        await PeerHarness.WaitUntilAsync(() => _node.Log.Lines.Any(l => l.Contains("stopped in the middle", StringComparison.Ordinal)),
            "the stall is logged");
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task An_unknown_required_feature_gets_an_error_and_a_disconnect()
    {
        await using var peer = await ScriptedPeer.ConnectAsync(_node.Port);
        await peer.HandshakeAndInitAsync(_node.Key.PublicKey, FeatureBits.FromBits(100));
        var seen = await peer.WaitClosedAsync();
        var error = Assert.IsType<ErrorMessage>(Assert.Single(seen));
        Assert.True(error.IsForAllChannels);
        Assert.Contains("bit 100", error.DisplayText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feature_without_its_dependency_gets_an_error_and_a_disconnect()
    {
        await using var peer = await ScriptedPeer.ConnectAsync(_node.Port);
        // option_zeroconf (51) without option_scid_alias.
        await peer.HandshakeAndInitAsync(_node.Key.PublicKey, FeatureBits.FromBits(51));
        var seen = await peer.WaitClosedAsync();
        Assert.Contains("option_scid_alias", Assert.IsType<ErrorMessage>(Assert.Single(seen)).DisplayText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_odd_features_are_accepted()
    {
        await using var peer = await ScriptedPeer.ConnectAsync(_node.Port);
        await peer.HandshakeAndInitAsync(_node.Key.PublicKey, FeatureBits.FromBits(101, 17));
        await PeerHarness.WaitUntilAsync(() => _node.Manager.IsConnected(peer.Id), "the peer is connected");
        Assert.True(_node.Manager.ConnectedPeers.Single().Features.IsSet(101));
    }

    [Fact]
    public async Task No_common_chain_gets_an_error_and_a_disconnect()
    {
        await using var peer = await ScriptedPeer.ConnectAsync(_node.Port);
        await peer.HandshakeAsync(_node.Key.PublicKey);
        await peer.SendAsync(new InitMessage(FeatureBits.Empty, [ChainHash.Bitcoin]));
        var seen = await peer.WaitClosedAsync();
        Assert.Contains("No common chain", Assert.IsType<ErrorMessage>(Assert.Single(seen, m => m is ErrorMessage)).DisplayText,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_init_offers_our_features_and_regtest()
    {
        await using var peer = await ScriptedPeer.ConnectAsync(_node.Port);
        var init = await peer.HandshakeAndInitAsync(_node.Key.PublicKey);
        Assert.Equal(LocalFeatures.Init, init.CombinedFeatures);
        Assert.Equal([ChainHash.Regtest], init.Networks);
        // BOLT 1: no private address as remote_addr (we are on loopback).
        Assert.Null(init.RemoteAddress);
        // gossip_queries is the one deliberate exception to BOLT 9's context column (see LocalFeatures).
        var violation = Assert.Single(FeatureRules.ValidateLocal(LocalFeatures.Init, FeatureContexts.Init));
        Assert.Equal((FeatureViolationKind.NotAllowedInContext, KnownFeatures.GossipQueries.OptionalBit), (violation.Kind, violation.Bit));
    }

    [Fact]
    public async Task Pings_are_answered_with_num_pong_bytes_unless_it_is_65532_or_more()
    {
        await using var peer = await ScriptedPeer.ConnectAsync(_node.Port);
        await peer.HandshakeAndInitAsync(_node.Key.PublicKey);
        await peer.SendAsync(new PingMessage(PingMessage.NoPongThreshold, 10));
        await peer.SendAsync(new PingMessage(300, 10));
        var pong = await peer.ReceiveAsync<PongMessage>();
        Assert.Equal(300, pong!.Ignored.Length);
        Assert.All(pong.Ignored.Span.ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task An_error_for_all_channels_disconnects()
    {
        await using var peer = await ScriptedPeer.ConnectAsync(_node.Port);
        await peer.HandshakeAndInitAsync(_node.Key.PublicKey);
        await PeerHarness.WaitUntilAsync(() => _node.Manager.IsConnected(peer.Id), "the peer is connected");
        await peer.SendAsync(new ErrorMessage(ChannelId.All, "bye"));
        await peer.WaitClosedAsync();
        await PeerHarness.WaitUntilAsync(() => !_node.Manager.IsConnected(peer.Id), "the peer is gone");
        Assert.Contains(_node.Log.Lines, l => l.Contains("peer sent error (channel 0000", StringComparison.Ordinal) && l.Contains("bye", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_warning_is_logged_and_the_connection_stays()
    {
        await using var peer = await ScriptedPeer.ConnectAsync(_node.Port);
        await peer.HandshakeAndInitAsync(_node.Key.PublicKey);
        await peer.SendAsync(new WarningMessage(ChannelId.All, "careful"));
        await peer.SendAsync(new PingMessage(1));
        Assert.NotNull(await peer.ReceiveAsync<PongMessage>());
        Assert.Contains(_node.Log.Lines, l => l.Contains("peer sent warning", StringComparison.Ordinal) && l.Contains("careful", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_peer_over_the_message_rate_gets_a_warning_and_a_disconnect()
    {
        await using var node = await PeerHarness.StartAsync(PeerHarness.FastOptions with { MaxMessagesPerSecond = 0.001, MessageBurst = 3 });
        await using var peer = await ScriptedPeer.ConnectAsync(node.Port);
        await peer.HandshakeAndInitAsync(node.Key.PublicKey);
        for (var i = 0; i < 10; i++)
            await peer.SendAsync(new PingMessage(1));
        var seen = await peer.WaitClosedAsync();
        Assert.Contains(seen, m => m is WarningMessage w && w.DisplayText.Contains("Too many messages", StringComparison.Ordinal));
        Assert.True(seen.Count(m => m is PongMessage) <= 3);
    }

    [Fact]
    public async Task A_peer_that_does_not_answer_our_keepalive_ping_is_dropped()
    {
        await using var node = await PeerHarness.StartAsync(PeerHarness.FastOptions with
        {
            PingInterval = TimeSpan.FromMilliseconds(200),
            PongTimeout = TimeSpan.FromMilliseconds(600),
        });
        await using var peer = await ScriptedPeer.ConnectAsync(node.Port);
        await peer.HandshakeAndInitAsync(node.Key.PublicKey);
        var seen = await peer.WaitClosedAsync();
        Assert.Contains(seen, m => m is PingMessage);
        await PeerHarness.WaitUntilAsync(() => node.Log.Lines.Any(l => l.Contains("no pong within", StringComparison.Ordinal)), "the reason is logged");
    }

    [Fact]
    public async Task A_peer_answering_keepalive_pings_stays_connected()
    {
        await using var node = await PeerHarness.StartAsync(PeerHarness.FastOptions with
        {
            PingInterval = TimeSpan.FromMilliseconds(100),
            PongTimeout = TimeSpan.FromMilliseconds(600),
        });
        await using var peer = await ScriptedPeer.ConnectAsync(node.Port);
        await peer.HandshakeAndInitAsync(node.Key.PublicKey);
        for (var i = 0; i < 3; i++)
        {
            var ping = await peer.ReceiveAsync<PingMessage>();
            Assert.NotNull(ping);
            await peer.SendAsync(ping.CreatePong()!);
        }
        Assert.True(node.Manager.IsConnected(peer.Id));
    }

    [Theory]
    [InlineData(4, 30_000, "peer is not reading")]
    [InlineData(100_000, 500, "did not read for")]
    public async Task A_peer_that_stops_reading_is_dropped(int outboxCapacity, int writeTimeoutMs, string reason)
    {
        await using var node = await PeerHarness.StartAsync(PeerHarness.FastOptions with
        {
            OutboxCapacity = outboxCapacity,
            WriteTimeout = TimeSpan.FromMilliseconds(writeTimeoutMs),
        });
        await using var peer = await ScriptedPeer.ConnectAsync(node.Port);
        await peer.HandshakeAndInitAsync(node.Key.PublicKey);
        await PeerHarness.WaitUntilAsync(() => node.Manager.IsConnected(peer.Id), "the peer is connected");
        // The peer reads nothing more: the socket buffers fill, the writer blocks, then the mailbox fills or the write times out.
        var big = new PingMessage(PingMessage.NoPongThreshold, 60_000);
        for (var sent = 0; sent < 20_000 && node.Manager.TrySend(peer.Id, big); sent++)
        {
        }
        await PeerHarness.WaitUntilAsync(() => !node.Manager.IsConnected(peer.Id), "the slow peer is dropped");
        await PeerHarness.WaitUntilAsync(() => node.Log.Lines.Any(l => l.Contains(reason, StringComparison.Ordinal)), $"'{reason}' is logged");
    }
}
