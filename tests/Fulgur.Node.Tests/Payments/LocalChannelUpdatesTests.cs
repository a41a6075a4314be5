using Fulgur.Crypto;
using Fulgur.Node.Channels;
using Fulgur.Node.Payments;
using Fulgur.Node.Peers;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Tests.Payments;

/// <summary>Our own channel_update: policy from config, limits from the channel, direction, disable bit, increasing timestamps.</summary>
public sealed class LocalChannelUpdatesTests
{
    private static readonly ShortChannelId Scid = ShortChannelId.Create(103, 1, 0);

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class Fixture
    {
        public Fixture()
        {
            Key = PrivateKey.Generate();
            Peer = new NodeId(PrivateKey.Generate().PublicKey);
            Channel = new ForwardingChannel(default, Peer, Scid, true, false, true, new MilliSatoshi(1_000_000_000), new MilliSatoshi(1000),
                new MilliSatoshi(990_000_000));
            Updates = new LocalChannelUpdates(Key, ChainHash.Regtest,
                new ForwardingPolicy(new MilliSatoshi(1000), 10, new CltvExpiryDelta(34)),
                s => s == Scid ? Channel : null, () => [Channel], Clock);
            Updates.Updated += u => Signed.Add(u);
        }

        public PrivateKey Key { get; }
        public NodeId Peer { get; }
        public ForwardingChannel Channel { get; set; }
        public ManualClock Clock { get; } = new();
        public LocalChannelUpdates Updates { get; }
        public List<ChannelUpdateMessage> Signed { get; } = [];
    }

    [Fact]
    public void The_update_carries_our_policy_the_channel_limits_and_our_direction_signed_by_us()
    {
        var f = new Fixture();
        var update = f.Updates.Current(Scid)!;
        Assert.Equal(Scid, update.ShortChannelId);
        Assert.Equal(ChainHash.Regtest, update.ChainHash);
        Assert.Equal(new MilliSatoshi(1000), update.FeeBaseMsat);
        Assert.Equal(10u, update.FeeProportionalMillionths);
        Assert.Equal(new CltvExpiryDelta(34), update.CltvExpiryDelta);
        Assert.Equal(new MilliSatoshi(1000), update.HtlcMinimumMsat);
        Assert.Equal(new MilliSatoshi(990_000_000), update.HtlcMaximumMsat);
        Assert.False(update.IsDisabled);
        var us = new NodeId(f.Key.PublicKey);
        Assert.Equal(us < f.Peer ? ChannelDirection.FromNode1 : ChannelDirection.FromNode2, update.Direction);
        Assert.True(f.Key.PublicKey.Verify(GossipHash.Of(update), update.Signature));
        Assert.Same(update, f.Updates.Current(Scid));
        Assert.Single(f.Signed);
        Assert.Null(f.Updates.Current(ShortChannelId.Create(1, 1, 1)));
    }

    [Fact]
    public async Task Disconnection_sets_the_disable_bit_reconnection_clears_it_and_timestamps_increase()
    {
        var f = new Fixture();
        var first = f.Updates.Current(Scid)!;
        f.Channel = f.Channel with { PeerConnected = false };
        await f.Updates.OnDisconnectedAsync(f.Peer, CancellationToken.None);
        var disabled = f.Signed[^1];
        Assert.True(disabled.IsDisabled);
        Assert.True(disabled.Timestamp > first.Timestamp);
        f.Channel = f.Channel with { PeerConnected = true };
        await f.Updates.OnConnectedAsync(new PeerInfo(f.Peer, PeerDirection.Incoming, new Config.HostPort("127.0.0.1", 1),
            Protocol.Wire.Features.FeatureBits.FromBits()), CancellationToken.None);
        var enabled = f.Signed[^1];
        Assert.False(enabled.IsDisabled);
        Assert.True(enabled.Timestamp > disabled.Timestamp);
        f.Clock.Advance(TimeSpan.FromDays(1));
        var refreshed = f.Updates.Refresh(Scid)!;
        Assert.Equal(GossipTimestamp.FromDateTimeOffset(f.Clock.GetUtcNow()), refreshed.Timestamp);
        Assert.Equal(4, f.Signed.Count);
    }
}
