using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Node.Chain;
using Fulgur.Node.Channels;
using Fulgur.Node.Config;
using Fulgur.Node.Logging;
using Fulgur.Node.Peers;
using Fulgur.Node.Routing;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;
using Direction = Fulgur.Protocol.Gossip.ChannelDirection;

namespace Fulgur.Node.Gossip;

/// <summary>
/// BOLT 7 in the node: takes gossip from peers (validated, the funding output checked on the chain, stored, put in the
/// route graph, relayed on the flush timer), answers and sends the gossip queries, announces our public channels and
/// our node, broadcasts our channel updates, and prunes channels whose funding output is spent or whose updates went
/// stale. Messages are handled one at a time (one gate): every accepted message is committed to the store before it
/// changes what we tell anyone.
/// </summary>
public sealed partial class GossipManager : INodeComponent, IPeerMessageHandler, IPeerObserver, IChainListener, IDisposable
{
    private static readonly MessageType[] Handled =
    [
        ChannelAnnouncementMessage.MessageType, ChannelUpdateMessage.MessageType, NodeAnnouncementMessage.MessageType,
        AnnouncementSignaturesMessage.MessageType, GossipTimestampFilterMessage.MessageType, QueryChannelRangeMessage.MessageType,
        ReplyChannelRangeMessage.MessageType, QueryShortChannelIdsMessage.MessageType, ReplyShortChannelIdsEndMessage.MessageType,
    ];

    private readonly NodeConfig _config;
    private readonly NodeIdentity _identity;
    private readonly PrivateKey _nodeKey;
    private readonly NodeId _us;
    private readonly IStore _store;
    private readonly IPeerNetwork _peers;
    private readonly ChannelManager _channels;
    private readonly IFundingLookup _funding;
    private readonly RouteTable _routes;
    private readonly NodeStatus _status;
    private readonly Logger _log;
    private readonly TimeProvider _clock;
    private readonly GossipOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly GossipState _state;
    private readonly GossipRelay _relay = new();
    private readonly Dictionary<NodeId, TimestampFilter> _filters = [];
    private readonly Dictionary<NodeId, GossipSync> _syncs = [];
    private readonly Dictionary<OutPoint, ShortChannelId> _fundingOutputs = [];
    private readonly Dictionary<ShortChannelId, GossipTimestamp> _firstSeen = [];
    /// <summary>Announcements accepted for relay and waiting for their first update, with who sent them.</summary>
    private readonly Dictionary<ShortChannelId, NodeId?> _relayOrigin = [];
    private readonly CancellationTokenSource _stopping = new();
    private LocalUpdateSource? _localUpdates;
    private Task _loop = Task.CompletedTask;

    public GossipManager(NodeConfig config, NodeIdentity identity, PrivateKey nodeKey, IStore store, IPeerNetwork peers, ChannelManager channels,
        IFundingLookup funding, RouteTable routes, NodeStatus status, Logger log, TimeProvider clock)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _identity = identity ?? throw new ArgumentNullException(nameof(identity));
        _nodeKey = nodeKey ?? throw new ArgumentNullException(nameof(nodeKey));
        _us = new NodeId(nodeKey.PublicKey);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _peers = peers ?? throw new ArgumentNullException(nameof(peers));
        _channels = channels ?? throw new ArgumentNullException(nameof(channels));
        _funding = funding ?? throw new ArgumentNullException(nameof(funding));
        _routes = routes ?? throw new ArgumentNullException(nameof(routes));
        _status = status ?? throw new ArgumentNullException(nameof(status));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _options = config.DevFastGossip ? GossipOptions.Fast : GossipOptions.Default;
        _state = new GossipState(config.Network.ChainHash(), LocalFeatures.Init);
        foreach (var type in Handled)
            peers.Subscribe(type, this);
        peers.AddObserver(this);
    }

    public string Name => "gossip";

    public NodeId LocalNodeId => _us;

    private GossipTimestamp Now => GossipTimestamp.FromDateTimeOffset(_clock.GetUtcNow());

    /// <summary>
    /// Connects the source of our own channel updates (the payments component's LocalChannelUpdates). Without it, our
    /// own direction of our channels is routed with the configured fees, and no channel_update of ours is broadcast.
    /// </summary>
    public void UseLocalUpdates(LocalUpdateSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _localUpdates = source;
        source.Subscribe(update => _ = OnLocalUpdateAsync(update));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Runs <paramref name="action"/> on the gossip state under the gate (for the RPC commands).</summary>
    public async Task<T> ReadAsync<T>(Func<GossipState, T> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return action(_state);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Rebuilds the state and the route graph from the gossip store.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<StoredGossipChannel> channels;
        IReadOnlyList<StoredGossipUpdate> updates;
        IReadOnlyList<StoredGossipNode> nodes;
        await using (var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            channels = await tx.Gossip.ListChannelsAsync(cancellationToken).ConfigureAwait(false);
            updates = await tx.Gossip.ListUpdatesAsync(cancellationToken).ConfigureAwait(false);
            nodes = await tx.Gossip.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var row in channels)
            {
                if (Decode<ChannelAnnouncementMessage>(row.Announcement) is { } announcement)
                    AcceptChannel(announcement, new Satoshi(row.CapacitySatoshis));
            }
            foreach (var row in updates)
            {
                if (Decode<ChannelUpdateMessage>(row.Update) is { } update)
                    AcceptUpdate(update, GossipVerdict.Accepted);
            }
            foreach (var row in nodes)
            {
                if (Decode<NodeAnnouncementMessage>(row.Announcement) is { } node)
                    _state.AddNode(node);
            }
        }
        finally
        {
            _gate.Release();
        }
        _log.Info($"gossip store: {channels.Count} channels, {updates.Count} updates, {nodes.Count} nodes");
        // The funding outputs of stored channels are found again (and channels closed while we were away dropped).
        _ = Task.Run(() => RecheckFundingAsync(channels.Select(c => c.ShortChannelId).ToList(), _stopping.Token), CancellationToken.None);
    }

    private async Task RecheckFundingAsync(IReadOnlyList<ShortChannelId> scids, CancellationToken cancellationToken)
    {
        foreach (var scid in scids)
        {
            try
            {
                var output = await _funding.FindUnspentAsync(scid, cancellationToken).ConfigureAwait(false);
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (output is null)
                        await RemoveChannelAsync(scid, "its funding output is spent", cancellationToken).ConfigureAwait(false);
                    else
                        _fundingOutputs[output.OutPoint] = scid;
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (BitcoindUnavailableException e)
            {
                _log.Unusual($"cannot check the funding of {scid}: {e.Message}");
            }
        }
    }

    private static T? Decode<T>(byte[] raw)
        where T : class, IWireMessage =>
        MessageRegistry.Default.TryDecode(raw, out var message, out _) ? message as T : null;

    public async Task HandleAsync(NodeId peer, IWireMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(message);
        switch (message)
        {
            case ChannelAnnouncementMessage or ChannelUpdateMessage or NodeAnnouncementMessage:
                var decision = await IngestAsync(peer, message, cancellationToken).ConfigureAwait(false);
                if (decision.Verdict.Response != GossipResponse.None)
                {
                    _log.Unusual($"{peer}: {message.Type}: {decision.Verdict}");
                    Warn(peer, $"{Describe(message)}: {decision.Verdict.Detail}", decision.Verdict.Response);
                }
                else if (!decision.IsAccepted)
                {
                    _log.Debug($"{peer}: {Describe(message)} {decision.Verdict}");
                }
                break;
            case AnnouncementSignaturesMessage signatures:
                await OnAnnouncementSignaturesAsync(peer, signatures, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await HandleQueryAsync(peer, message, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private void Warn(NodeId peer, string text, GossipResponse response = GossipResponse.Warn)
    {
        // BOLT #7: for a channel_update whose signature is not valid: "SHOULD send a `warning` and close the connection."
        if (response == GossipResponse.WarnAndDisconnect)
            _peers.WarnAndDisconnect(peer, text);
        else
            _peers.TrySend(peer, new WarningMessage(ChannelId.All, text));
    }

    private static string Describe(IWireMessage message) => message switch
    {
        ChannelAnnouncementMessage a => $"channel_announcement {a.ShortChannelId}",
        ChannelUpdateMessage u => $"channel_update {u.ShortChannelId}/{(int)u.Direction}",
        NodeAnnouncementMessage n => $"node_announcement {n.NodeId}",
        _ => message.Type.ToString(),
    };

    /// <summary>
    /// Judges, stores, applies and queues for relay one announcement or update, from a peer or our own
    /// (<paramref name="origin"/> null).
    /// </summary>
    private async Task<GossipDecision> IngestAsync(NodeId? origin, IWireMessage message, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return message switch
            {
                ChannelAnnouncementMessage a => await IngestChannelAsync(origin, a, cancellationToken).ConfigureAwait(false),
                ChannelUpdateMessage u => await IngestUpdateAsync(origin, u, cancellationToken).ConfigureAwait(false),
                NodeAnnouncementMessage n => await IngestNodeAsync(origin, n, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException($"{message.Type} is not gossip", nameof(message)),
            };
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<GossipDecision> IngestChannelAsync(NodeId? origin, ChannelAnnouncementMessage announcement, CancellationToken ct)
    {
        var decision = _state.CheckChannelAnnouncement(announcement);
        if (!decision.IsAccepted)
            return decision;
        FundingOutput? output;
        try
        {
            output = await _funding.FindUnspentAsync(announcement.ShortChannelId, ct).ConfigureAwait(false);
        }
        catch (BitcoindUnavailableException e)
        {
            return GossipDecision.Ignore(GossipProblem.FundingOutputSpent, $"the chain cannot be asked: {e.Message}");
        }
        // BOLT #7: "if the `short_channel_id`'s output does NOT correspond to a P2WSH (using
        // `bitcoin_key_1` and `bitcoin_key_2`, as specified in BOLT #3) OR the output is
        // spent: - MUST ignore the message."
        if (output is null)
            return GossipDecision.Ignore(GossipProblem.FundingOutputSpent, $"no unspent output at {announcement.ShortChannelId}");
        var expected = ChannelAnnouncementValidator.ExpectedFundingScript(announcement);
        if (!output.Script.Equals(expected))
        {
            return new GossipDecision(GossipVerdict.Reject(GossipProblem.ShortChannelIdMismatch, GossipResponse.Warn,
                $"the output at {announcement.ShortChannelId} is not the 2-of-2 of the announced bitcoin keys"), false);
        }
        await using (var tx = await _store.BeginAsync(ct).ConfigureAwait(false))
        {
            await tx.Gossip.PutChannelAsync(new StoredGossipChannel(announcement.ShortChannelId, MessageRegistry.Encode(announcement),
                output.Value.Value), ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        var channel = AcceptChannel(announcement, output.Value);
        _fundingOutputs[output.OutPoint] = announcement.ShortChannelId;
        _log.Debug($"channel {announcement.ShortChannelId} announced ({announcement.NodeId1} - {announcement.NodeId2})");
        // The announcement is relayed with its first update (below), never alone.
        // BOLT #7: "If a `channel_announcement` has no corresponding `channel_update`s: - MUST NOT send the `channel_announcement`."
        var adopted = channel.Updates.OfType<ChannelUpdateMessage>().ToList();
        if (decision.Relay && adopted.Count == 0)
            _relayOrigin[announcement.ShortChannelId] = origin;
        else if (decision.Relay)
        {
            _relay.Enqueue(new PendingGossip(announcement, origin, channel.LatestTimestamp));
            foreach (var update in adopted)
                _relay.Enqueue(new PendingGossip(update, channel.Endpoints.For(update.Direction) == _us ? null : origin, update.Timestamp));
        }
        return decision;
    }

    private KnownChannel AcceptChannel(ChannelAnnouncementMessage announcement, Satoshi capacity)
    {
        var channel = _state.AddChannel(announcement, capacity);
        _firstSeen.TryAdd(announcement.ShortChannelId, Now);
        lock (_routes)
        {
            if (!_routes.Graph.Contains(announcement.ShortChannelId, announcement.NodeId1, announcement.NodeId2, MilliSatoshi.FromSatoshi(capacity)))
                _routes.Graph.AddChannel(announcement.ShortChannelId, announcement.NodeId1, announcement.NodeId2, MilliSatoshi.FromSatoshi(capacity));
            foreach (var update in channel.Updates.OfType<ChannelUpdateMessage>().Where(u => channel.Endpoints.For(u.Direction) != _us))
                _routes.Graph.UpdateDirection(ToRouting(update));
        }
        return channel;
    }

    private async Task<GossipDecision> IngestUpdateAsync(NodeId? origin, ChannelUpdateMessage update, CancellationToken ct)
    {
        // Only an update of an unannounced channel needs to be matched against our own channels.
        var ownPrivate = _state.TryGetChannel(update.ShortChannelId, out _) ? null : OwnPrivateEndpoints(update.ShortChannelId);
        var decision = _state.CheckChannelUpdate(update, Now, ownPrivate);
        if (!decision.IsAccepted)
            return decision;
        await using (var tx = await _store.BeginAsync(ct).ConfigureAwait(false))
        {
            await tx.Gossip.PutUpdateAsync(new StoredGossipUpdate(update.ShortChannelId, (byte)update.Direction, MessageRegistry.Encode(update)), ct)
                .ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        AcceptUpdate(update, decision.Verdict);
        if (decision.Relay)
        {
            // BOLT #7: "MUST consider the `timestamp` of the `channel_announcement` to be the `timestamp` of a corresponding `channel_update`."
            if (_relayOrigin.Remove(update.ShortChannelId, out var announcedBy) && _state.TryGetChannel(update.ShortChannelId, out var channel))
                _relay.Enqueue(new PendingGossip(channel.Announcement, announcedBy, update.Timestamp));
            _relay.Enqueue(new PendingGossip(update, origin, update.Timestamp));
        }
        return decision;
    }

    /// <summary>Keeps an accepted update and puts it in the route graph (our own direction of our channels excepted).</summary>
    private void AcceptUpdate(ChannelUpdateMessage update, GossipVerdict verdict)
    {
        _state.AddUpdate(update, verdict);
        if (IsOurDirection(update))
            return;
        var doNotRoute = (verdict.Restrictions & GossipRestrictions.DoNotRouteThrough) != 0;
        lock (_routes)
            _routes.Graph.UpdateDirection(ToRouting(update, doNotRoute));
    }

    private bool IsOurDirection(ChannelUpdateMessage update)
    {
        if (_state.TryGetChannel(update.ShortChannelId, out var channel))
            return channel.Endpoints.For(update.Direction) == _us;
        return OwnPrivateEndpoints(update.ShortChannelId) is { } ends && ends.For(update.Direction) == _us;
    }

    internal static ChannelDirectionUpdate ToRouting(ChannelUpdateMessage update, bool disabled = false) =>
        new(update.ShortChannelId, (Routing.ChannelDirection)(byte)update.Direction, update.Timestamp.Value,
            new ChannelPolicy(disabled || update.IsDisabled, update.HtlcMinimumMsat, update.HtlcMaximumMsat, update.FeeBaseMsat,
                update.FeeProportionalMillionths, update.CltvExpiryDelta.Value));

    private async Task<GossipDecision> IngestNodeAsync(NodeId? origin, NodeAnnouncementMessage announcement, CancellationToken ct)
    {
        var decision = _state.CheckNodeAnnouncement(announcement);
        if (!decision.IsAccepted)
            return decision;
        await using (var tx = await _store.BeginAsync(ct).ConfigureAwait(false))
        {
            await tx.Gossip.PutNodeAsync(new StoredGossipNode(announcement.NodeId, MessageRegistry.Encode(announcement)), ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        _state.AddNode(announcement);
        if (decision.Relay)
            _relay.Enqueue(new PendingGossip(announcement, origin, announcement.Timestamp));
        return decision;
    }

    /// <summary>Forgets a public channel everywhere (store, state, route graph); called under the gate.</summary>
    private async Task RemoveChannelAsync(ShortChannelId scid, string why, CancellationToken ct)
    {
        if (!_state.TryGetChannel(scid, out _))
            return;
        var forgotten = _state.RemoveChannel(scid);
        await using (var tx = await _store.BeginAsync(ct).ConfigureAwait(false))
        {
            await tx.Gossip.DeleteChannelAsync(scid, ct).ConfigureAwait(false);
            foreach (var node in forgotten)
                await tx.Gossip.DeleteNodeAsync(node, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        foreach (var (outPoint, channel) in _fundingOutputs.Where(p => p.Value == scid).ToList())
            _fundingOutputs.Remove(outPoint);
        _firstSeen.Remove(scid);
        _relayOrigin.Remove(scid);
        lock (_routes)
            _routes.Graph.RemoveChannel(scid);
        _log.Info($"channel {scid} forgotten: {why}");
    }

    public async Task BlockConnectedAsync(Block block, BlockHeight height, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(block);
        List<ShortChannelId> spent = [];
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var tx in block.Transactions)
            {
                foreach (var input in tx.Inputs)
                {
                    if (_fundingOutputs.TryGetValue(input.PrevOut, out var scid))
                        spent.Add(scid);
                }
            }
            // BOLT 7 lets a node keep a spent channel for a while (for splices); a closed channel cannot carry payments,
            // so it is forgotten at once.
            foreach (var scid in spent)
                await RemoveChannelAsync(scid, $"its funding output was spent in block {height}", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task BlockDisconnectedAsync(BlockHash hash, BlockHeight height, CancellationToken cancellationToken) => Task.CompletedTask;
}
