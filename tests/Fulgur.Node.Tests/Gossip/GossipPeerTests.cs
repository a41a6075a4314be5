using Fulgur.Node.Tests.Peers;
using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Tests.Gossip;

/// <summary>
/// A scripted peer talks gossip to a lone node: the node starts its sync with the gossip queries, warns about forged
/// announcements and unsolicited replies, and answers the peer's queries.
/// </summary>
public sealed class GossipPeerTests : IAsyncLifetime
{
    private InProcessNode _node = null!;

    public async Task InitializeAsync() => _node = await InProcessNode.StartAsync("--dev-fast-gossip");

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private async Task<ScriptedPeer> ConnectAsync()
    {
        var peer = await ScriptedPeer.ConnectAsync(_node.Host.Context.Status.Bindings[0].Port);
        await peer.HandshakeAndInitAsync(_node.Host.Identity.NodeId, FeatureBits.Empty.With(KnownFeatures.GossipQueries, FeatureSupport.Optional));
        return peer;
    }

    [Fact]
    public async Task The_node_syncs_with_queries_warns_about_forgeries_and_answers_queries()
    {
        await using var peer = await ConnectAsync();
        // Our side of the sync: a timestamp filter and a query over the whole chain, with timestamps.
        var query = await peer.ReceiveAsync<QueryChannelRangeMessage>();
        Assert.NotNull(query);
        Assert.Equal(ChainHash.Regtest, query.ChainHash);
        Assert.Equal(0u, query.FirstBlocknum.Value);
        Assert.Equal(uint.MaxValue, query.NumberOfBlocks);
        Assert.Equal(QueryOptions.WantTimestamps, query.QueryOption);

        // A channel_announcement whose signatures do not match: a warning, the connection stays.
        var f = new GossipFactory();
        var (a, b) = (f.NewNode(), f.NewNode());
        var good = f.Announce(ShortChannelId.Create(103, 1, 0), a, b);
        var other = f.Announce(ShortChannelId.Create(104, 1, 0), a, b);
        await peer.SendAsync(good with { BitcoinSignature2 = other.BitcoinSignature2 });
        var warning = await peer.ReceiveAsync<WarningMessage>();
        Assert.NotNull(warning);
        Assert.Contains("bitcoin_signature_2", warning.DisplayText, StringComparison.Ordinal);

        // Its queries are answered: nothing known, fully.
        await peer.SendAsync(new QueryChannelRangeMessage(ChainHash.Regtest, new BlockHeight(0), 1000, QueryOptions.WantTimestamps));
        var reply = await peer.ReceiveAsync<ReplyChannelRangeMessage>();
        Assert.NotNull(reply);
        Assert.Equal(1, reply.SyncComplete);
        Assert.True(reply.ShortChannelIds.TryDecode(out var ids, out _));
        Assert.Empty(ids);
        await peer.SendAsync(new QueryShortChannelIdsMessage(ChainHash.Regtest, [ShortChannelId.Create(103, 1, 0)]));
        var end = await peer.ReceiveAsync<ReplyShortChannelIdsEndMessage>();
        Assert.NotNull(end);
        Assert.Equal(1, end.FullInformation);

        // An answer to a question the node did not ask: a warning.
        await peer.SendAsync(new ReplyShortChannelIdsEndMessage(ChainHash.Regtest, true));
        warning = await peer.ReceiveAsync<WarningMessage>();
        Assert.NotNull(warning);
        Assert.Contains("without a query", warning.DisplayText, StringComparison.Ordinal);
    }
}
