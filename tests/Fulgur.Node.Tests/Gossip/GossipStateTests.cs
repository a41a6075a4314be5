using Fulgur.Bitcoin;
using Fulgur.Node.Gossip;
using Fulgur.Node.Peers;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Tests.Gossip;

/// <summary>The gossip store's decisions: BOLT 7's receiving rules as GossipState applies them.</summary>
public sealed class GossipStateTests
{
    private static readonly ShortChannelId Scid = ShortChannelId.Create(103, 1, 0);
    private static readonly GossipTimestamp Now = new(1_800_000_000);

    private readonly GossipFactory _f = new();
    private readonly GossipState _state = new(GossipFactory.Chain, LocalFeatures.Init);
    private readonly NodeId _a;
    private readonly NodeId _b;

    public GossipStateTests()
    {
        _a = _f.NewNode();
        _b = _f.NewNode();
    }

    private KnownChannel Known()
    {
        var announcement = _f.Announce(Scid, _a, _b);
        Assert.True(_state.CheckChannelAnnouncement(announcement).IsAccepted);
        return _state.AddChannel(announcement, new Satoshi(500_000));
    }

    [Fact]
    public void A_valid_announcement_is_accepted_once_and_relayable()
    {
        var announcement = _f.Announce(Scid, _a, _b);
        var decision = _state.CheckChannelAnnouncement(announcement);
        Assert.True(decision.IsAccepted);
        Assert.True(decision.Relay);
        _state.AddChannel(announcement, new Satoshi(500_000));
        var again = _state.CheckChannelAnnouncement(announcement);
        Assert.False(again.IsAccepted);
        Assert.Equal(GossipProblem.Duplicate, again.Verdict.Problem);
        Assert.Equal(2, _state.ChannelNodes.Count);
    }

    [Fact]
    public void An_announcement_with_a_bad_signature_is_refused_with_a_warning()
    {
        var other = _f.Announce(ShortChannelId.Create(104, 1, 0), _a, _b);
        var forged = _f.Announce(Scid, _a, _b) with { NodeSignature1 = other.NodeSignature1 };
        var decision = _state.CheckChannelAnnouncement(forged);
        Assert.False(decision.IsAccepted);
        Assert.Equal(GossipProblem.InvalidSignature, decision.Verdict.Problem);
        Assert.Equal(GossipResponse.Warn, decision.Verdict.Response);
    }

    [Fact]
    public void An_announcement_for_another_chain_is_ignored_quietly()
    {
        var decision = _state.CheckChannelAnnouncement(_f.Announce(Scid, _a, _b) with { ChainHash = ChainHash.Bitcoin });
        Assert.False(decision.IsAccepted);
        Assert.Equal(GossipProblem.UnknownChain, decision.Verdict.Problem);
        Assert.Equal(GossipResponse.None, decision.Verdict.Response);
    }

    [Fact]
    public void Updates_need_a_known_channel_and_a_newer_timestamp()
    {
        var update = _f.Update(Scid, _a, _b, Now.Value - 10);
        Assert.Equal(GossipProblem.UnknownNode, _state.CheckChannelUpdate(update, Now, null).Verdict.Problem);
        var channel = Known();
        var decision = _state.CheckChannelUpdate(update, Now, null);
        Assert.True(decision.IsAccepted);
        _state.AddUpdate(update, decision.Verdict);
        Assert.Same(update, channel.Updates[(int)channel.Endpoints.DirectionOf(_a)]);
        Assert.Equal(GossipProblem.Duplicate, _state.CheckChannelUpdate(update, Now, null).Verdict.Problem);
        Assert.Equal(GossipProblem.Stale, _state.CheckChannelUpdate(_f.Update(Scid, _a, _b, Now.Value - 20), Now, null).Verdict.Problem);
        Assert.Equal(GossipProblem.SameTimestampDifferentContent,
            _state.CheckChannelUpdate(_f.Update(Scid, _a, _b, Now.Value - 10, feeBase: 7), Now, null).Verdict.Problem);
        Assert.True(_state.CheckChannelUpdate(_f.Update(Scid, _a, _b, Now.Value - 5), Now, null).IsAccepted);
        Assert.Equal(GossipProblem.TimestampTooFarInFuture,
            _state.CheckChannelUpdate(_f.Update(Scid, _a, _b, Now.Value + 7200), Now, null).Verdict.Problem);
    }

    [Fact]
    public void An_update_signed_by_the_wrong_end_is_refused_and_the_peer_disconnected()
    {
        Known();
        var update = _f.Update(Scid, _a, _b, Now.Value);
        var other = _f.Update(Scid, _b, _a, Now.Value);
        var decision = _state.CheckChannelUpdate(update with { Signature = other.Signature }, Now, null);
        Assert.False(decision.IsAccepted);
        Assert.Equal(GossipResponse.WarnAndDisconnect, decision.Verdict.Response);
    }

    [Fact]
    public void A_private_channel_update_is_kept_only_for_our_own_channel_and_never_relayed()
    {
        var update = _f.Update(Scid, _b, _a, Now.Value, dontForward: true);
        Assert.False(_state.CheckChannelUpdate(update, Now, null).IsAccepted);
        var decision = _state.CheckChannelUpdate(update, Now, ChannelEndpoints.Sorted(_a, _b));
        Assert.True(decision.IsAccepted);
        Assert.False(decision.Relay);
        _state.AddUpdate(update, decision.Verdict);
        Assert.Same(update, _state.PrivateUpdate(Scid, update.Direction));
        Assert.Empty(_state.Channels);
    }

    [Fact]
    public void A_dont_forward_update_of_a_public_channel_is_kept_but_not_relayed()
    {
        Known();
        var decision = _state.CheckChannelUpdate(_f.Update(Scid, _a, _b, Now.Value, dontForward: true), Now, null);
        Assert.True(decision.IsAccepted);
        Assert.False(decision.Relay);
    }

    [Fact]
    public void Node_announcements_need_a_channel_and_newer_timestamps()
    {
        Assert.Equal(GossipProblem.UnknownNode, _state.CheckNodeAnnouncement(_f.Node(_a, 100)).Verdict.Problem);
        Known();
        var first = _f.Node(_a, 100);
        Assert.True(_state.CheckNodeAnnouncement(first).IsAccepted);
        _state.AddNode(first);
        Assert.Equal(GossipProblem.Duplicate, _state.CheckNodeAnnouncement(_f.Node(_a, 100, "other")).Verdict.Problem);
        Assert.Equal(GossipProblem.Stale, _state.CheckNodeAnnouncement(_f.Node(_a, 99)).Verdict.Problem);
        Assert.True(_state.CheckNodeAnnouncement(_f.Node(_a, 101)).IsAccepted);
        var forged = _f.Node(_a, 102) with { Alias = NodeAlias.FromString("forged") };
        Assert.Equal(GossipResponse.Warn, _state.CheckNodeAnnouncement(forged).Verdict.Response);
    }

    [Fact]
    public void Removing_the_last_channel_of_a_node_forgets_the_node()
    {
        Known();
        var c = _f.NewNode();
        var second = ShortChannelId.Create(104, 1, 0);
        _state.AddChannel(_f.Announce(second, _b, c), new Satoshi(100_000));
        _state.AddNode(_f.Node(_a, 100));
        _state.AddNode(_f.Node(_b, 100));
        var forgotten = _state.RemoveChannel(Scid);
        Assert.Equal([_a], forgotten);
        Assert.False(_state.TryGetNode(_a, out _));
        Assert.True(_state.TryGetNode(_b, out _));
        Assert.Equal(2, _state.ChannelNodes.Count);
    }

    [Fact]
    public void Channels_without_an_update_for_two_weeks_are_stale_except_ours()
    {
        var channel = Known();
        var fresh = _f.Update(Scid, _a, _b, Now.Value - 100);
        _state.AddUpdate(fresh, GossipVerdict.Accepted);
        var twoWeeks = (uint)GossipState.StaleAfter.TotalSeconds;
        Assert.Empty(_state.StaleChannels(Now, _ => Now, new HashSet<ShortChannelId>()));
        var later = new GossipTimestamp(Now.Value + twoWeeks);
        Assert.Equal([Scid], _state.StaleChannels(later, _ => Now, new HashSet<ShortChannelId>()));
        Assert.Empty(_state.StaleChannels(later, _ => Now, new HashSet<ShortChannelId> { Scid }));
        Assert.Equal(fresh.Timestamp, channel.LatestTimestamp);
    }

    [Fact]
    public void Range_entries_carry_both_timestamps()
    {
        Known();
        var update = _f.Update(Scid, _b, _a, Now.Value);
        _state.AddUpdate(update, GossipVerdict.Accepted);
        var entry = Assert.Single(_state.RangeEntries());
        Assert.Equal(Scid, entry.ShortChannelId);
        var (mine, other) = update.Direction == ChannelDirection.FromNode1
            ? (entry.Timestamps.Node1, entry.Timestamps.Node2) : (entry.Timestamps.Node2, entry.Timestamps.Node1);
        Assert.Equal(Now, mine);
        Assert.Equal(GossipTimestamp.Zero, other);
    }
}
