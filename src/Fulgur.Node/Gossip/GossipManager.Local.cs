using Fulgur.Node.Channels;
using Fulgur.Node.Peers;
using Fulgur.Node.Routing;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Gossip;

/// <summary>Our own gossip: channel announcements, our node announcement, our channel updates, our channels in the graph.</summary>
public sealed partial class GossipManager
{
    /// <summary>Channels we sent our <c>announcement_signatures</c> for on the current connection to that peer.</summary>
    private readonly HashSet<(NodeId Peer, ShortChannelId Scid)> _announcementSignaturesSent = [];

    /// <summary>Our updates of private channels sent to the peer on the current connection (by timestamp).</summary>
    private readonly HashSet<(NodeId Peer, ShortChannelId Scid, uint Timestamp)> _privateUpdateSent = [];

    /// <summary>The peers' <c>announcement_signatures</c>, kept until our side is ready to complete the announcement.</summary>
    private readonly Dictionary<ShortChannelId, AnnouncementSignaturesMessage> _remoteSignatures = [];

    /// <summary>The peer of each of our channels with a short channel id (refreshed every tick; under the gate).</summary>
    private readonly Dictionary<ShortChannelId, NodeId> _ownPeers = [];

    /// <summary>Per connected peer, the channels whose announcement we sent it on this connection.</summary>
    private readonly Dictionary<NodeId, HashSet<ShortChannelId>> _announcedTo = [];

    /// <summary>Our channels as last put in the route graph.</summary>
    private readonly HashSet<ShortChannelId> _ownInGraph = [];

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var nextFlush = _clock.GetUtcNow() + _options.FlushInterval;
        var nextPrune = _clock.GetUtcNow() + _options.PruneInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.TickInterval, _clock, cancellationToken).ConfigureAwait(false);
                await TickAsync(cancellationToken).ConfigureAwait(false);
                var now = _clock.GetUtcNow();
                if (now >= nextFlush)
                {
                    nextFlush = now + _options.FlushInterval;
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                if (now >= nextPrune)
                {
                    nextPrune = now + _options.PruneInterval;
                    await PruneAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.Broken($"gossip tick: {e}");
            }
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var own = _channels.GossipChannels.Where(c => c.ShortChannelId is not null).Select(c => c.ShortChannelId!.Value).ToHashSet();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = Now;
            foreach (var scid in _state.StaleChannels(now, s => _firstSeen.TryGetValue(s, out var t) ? t : now, own))
                await RemoveChannelAsync(scid, "no update for two weeks", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Looks at our channels: puts them in the route graph (our direction usable only while the peer is connected),
    /// exchanges announcement signatures once deep enough, sends our updates of private channels to their peers, and
    /// broadcasts or refreshes our updates of public ones; then our node announcement.
    /// </summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var own = _channels.GossipChannels;
        var tip = _status.BlockHeight;
        var toIngest = new List<IWireMessage>();
        var toSend = new List<(NodeId Peer, IWireMessage Message)>();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var live = new HashSet<ShortChannelId>();
            foreach (var channel in own)
            {
                if (channel.ShortChannelId is not { } scid || channel.IsClosed || !channel.IsNormal)
                    continue;
                live.Add(scid);
                _ownPeers[scid] = channel.Peer;
                var connected = _peers.IsConnected(channel.Peer);
                PutInGraph(channel, scid, connected);
                var isPublic = _state.TryGetChannel(scid, out var known);
                var current = _localUpdates?.Current(scid);
                if (!isPublic)
                {
                    // BOLT #7: "If the `open_channel` message has the `announce_channel` bit set AND a `shutdown` message has not been sent:"
                    if (channel.Announce && connected && channel.FundingHeight is { } height && tip + 1 >= height + (uint)_options.AnnouncementDepth)
                        Announce(channel, scid, toSend, toIngest);
                    // BOLT #7: "MAY create a `channel_update` to communicate the channel parameters to the channel peer,
                    // even though the channel has not yet been announced"
                    if (connected && current is not null && _privateUpdateSent.Add((channel.Peer, scid, current.Timestamp.Value)))
                        toSend.Add((channel.Peer, current));
                    continue;
                }
                if (current is null)
                    continue;
                if (Now - current.Timestamp > (long)_options.RefreshAge.TotalSeconds && _localUpdates!.Refresh(scid) is { } refreshed)
                    current = refreshed;
                var ours = known.Updates[(int)known.Endpoints.DirectionOf(_us)];
                if (ours is null || current.Timestamp > ours.Timestamp)
                {
                    toIngest.Add(current);
                }
                else if (ChannelUpdateValidator.Compare(current, ours) != ChannelUpdateOrdering.SameContent
                    && _localUpdates!.Refresh(scid) is { } newer)
                {
                    // An update of ours signed before a restart (kept in the gossip store and by our peers) is as new
                    // as, or newer than, the one signed since: sign again, later, so that ours wins everywhere.
                    // BOLT #7: "MUST set `timestamp` to greater than 0, AND to greater than any previously-sent `channel_update` for this `short_channel_id`."
                    toIngest.Add(newer);
                }
            }
            RemoveStaleOwn(live);
            foreach (var gone in _ownPeers.Keys.Where(s => !live.Contains(s)).ToList())
                _ownPeers.Remove(gone);
        }
        finally
        {
            _gate.Release();
        }
        foreach (var (peer, message) in toSend)
            _peers.TrySend(peer, message);
        foreach (var message in toIngest)
            await IngestOwnAsync(message, cancellationToken).ConfigureAwait(false);
        await AnnounceNodeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ends of a channel of ours that has <paramref name="scid"/> (announced or not), or null.</summary>
    private ChannelEndpoints? OwnPrivateEndpoints(ShortChannelId scid)
    {
        if (!_ownPeers.TryGetValue(scid, out var peer))
        {
            // A channel that became ready since the last tick.
            if (_channels.GossipChannels.FirstOrDefault(c => c.ShortChannelId == scid && !c.IsClosed) is not { } channel)
                return null;
            peer = channel.Peer;
        }
        return ChannelEndpoints.Sorted(_us, peer);
    }

    private async Task IngestOwnAsync(IWireMessage message, CancellationToken cancellationToken)
    {
        var decision = await IngestAsync(null, message, cancellationToken).ConfigureAwait(false);
        if (!decision.IsAccepted && decision.Verdict.Problem != GossipProblem.Duplicate)
            _log.Unusual($"our own {Describe(message)} was refused: {decision.Verdict}");
    }

    /// <summary>Our channel in the route graph, with our direction from what we know directly.</summary>
    private void PutInGraph(GossipChannel channel, ShortChannelId scid, bool connected)
    {
        var capacity = MilliSatoshi.FromSatoshi(channel.Capacity);
        var direction = _us < channel.Peer ? Routing.ChannelDirection.FromNode1 : Routing.ChannelDirection.FromNode2;
        var current = _localUpdates?.Current(scid);
        var policy = current is not null
            ? ToRouting(current).Policy
            : new ChannelPolicy(false, channel.OutgoingHtlcMinimum, capacity, new MilliSatoshi(_config.FeeBase.Value), _config.FeePerSatoshi,
                _config.CltvDelta);
        // interfaces.md §6: "`getroute` does not use a channel whose peer is disconnected"; nor more than we can send.
        policy = policy with
        {
            Disabled = policy.Disabled || !connected,
            HtlcMaximum = policy.HtlcMaximum < channel.Spendable ? policy.HtlcMaximum : channel.Spendable,
        };
        var remote = (Protocol.Gossip.ChannelDirection)(1 - (int)direction);
        var peerUpdate = _state.TryGetChannel(scid, out var known) ? known.Updates[(int)remote] : _state.PrivateUpdate(scid, remote);
        lock (_routes)
        {
            var graph = _routes.Graph;
            if (!graph.Contains(scid, _us, channel.Peer, capacity))
                graph.AddChannel(scid, _us, channel.Peer, capacity);
            graph.SetDirection(new ChannelDirectionUpdate(scid, direction, current?.Timestamp.Value ?? 0, policy));
            if (peerUpdate is not null)
                graph.UpdateDirection(ToRouting(peerUpdate));
        }
        _ownInGraph.Add(scid);
    }

    /// <summary>Takes out of the graph our channels that closed (public ones leave when their funding output is spent).</summary>
    private void RemoveStaleOwn(HashSet<ShortChannelId> live)
    {
        foreach (var scid in _ownInGraph.Where(s => !live.Contains(s)).ToList())
        {
            _ownInGraph.Remove(scid);
            lock (_routes)
                _routes.Graph.RemoveChannel(scid);
        }
    }

    private ChannelAnnouncementMessage UnsignedAnnouncement(GossipChannel channel, ShortChannelId scid) =>
        GossipSigner.CreateUnsignedChannelAnnouncement(_state.Chain, scid, FeatureBits.Empty, _us, channel.Peer, channel.LocalFundingKey,
            channel.RemoteFundingKey);

    /// <summary>Sends our announcement_signatures (once per connection), and completes the announcement once the peer's came.</summary>
    private void Announce(GossipChannel channel, ShortChannelId scid, List<(NodeId, IWireMessage)> toSend, List<IWireMessage> toIngest)
    {
        var unsigned = UnsignedAnnouncement(channel, scid);
        var ours = _channels.SignAnnouncement(channel, unsigned, _nodeKey);
        // BOLT #7: "If it has NOT previously received `announcement_signatures` for the funding transaction: - MUST send
        // its own `announcement_signatures` message." (and after a reconnection, once more)
        if (_announcementSignaturesSent.Add((channel.Peer, scid)))
            toSend.Add((channel.Peer, ours));
        if (!_remoteSignatures.TryGetValue(scid, out var theirs))
            return;
        var verdict = ChannelAnnouncementValidator.ValidateAnnouncementSignatures(theirs, unsigned, channel.Peer);
        _remoteSignatures.Remove(scid);
        if (!verdict.IsAccepted)
        {
            _log.Unusual($"{channel.Peer}: announcement_signatures for {scid}: {verdict}");
            return;
        }
        // BOLT #7: "If it has sent AND received a valid `announcement_signatures` message: - If the funding transaction
        // has at least 6 confirmations: - SHOULD queue the `channel_announcement` message for its peers."
        toIngest.Insert(0, GossipSigner.Complete(unsigned, _us, ours, theirs));
        // A fresh update goes with the announcement: the one signed when the channel opened predates the
        // gossip_timestamp_filter of peers that connected since, and would never reach them.
        if (_localUpdates?.Refresh(scid) is { } update)
            toIngest.Insert(1, update);
        _log.Info($"channel {scid} with {channel.Peer} announced");
    }

    private async Task OnAnnouncementSignaturesAsync(NodeId peer, AnnouncementSignaturesMessage signatures, CancellationToken cancellationToken)
    {
        var channel = _channels.GossipChannels.FirstOrDefault(c => c.Peer == peer && c.ChannelId == signatures.ChannelId);
        string? warning = null;
        var response = GossipResponse.Warn;
        AnnouncementSignaturesMessage? answer = null;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (channel?.ShortChannelId is not { } scid)
            {
                // BOLT #7: "If the `short_channel_id` doesn't match one of its funding transactions: - SHOULD send a `warning`."
                warning = $"announcement_signatures for unknown channel {signatures.ChannelId}";
            }
            else if (!channel.Announce)
            {
                // A private channel (announce_channel clear in open_channel) is never announced: we neither answer
                // nor keep the peer's signatures.
                _log.Unusual($"{peer}: announcement_signatures for private channel {scid} ignored");
            }
            else
            {
                var unsigned = UnsignedAnnouncement(channel, scid);
                var verdict = ChannelAnnouncementValidator.ValidateAnnouncementSignatures(signatures, unsigned, peer);
                if (!verdict.IsAccepted)
                    (warning, response) = ($"announcement_signatures: {verdict.Detail}", verdict.Response);
                else if (_state.TryGetChannel(scid, out _))
                    // BOLT #7: "If it receives `announcement_signatures` for the funding transaction: - MUST respond with its own `announcement_signatures` message."
                    answer = _channels.SignAnnouncement(channel, unsigned, _nodeKey);
                else
                    _remoteSignatures[scid] = signatures;
            }
        }
        finally
        {
            _gate.Release();
        }
        if (answer is not null)
            _peers.TrySend(peer, answer);
        if (warning is not null)
        {
            _log.Unusual($"{peer}: {warning}");
            Warn(peer, warning, response);
        }
    }

    /// <summary>A new update of ours (LocalChannelUpdates): broadcast for a public channel, to the peer for a private one.</summary>
    private async Task OnLocalUpdateAsync(ChannelUpdateMessage update)
    {
        try
        {
            var isPublic = await ReadAsync(s => s.TryGetChannel(update.ShortChannelId, out _), _stopping.Token).ConfigureAwait(false);
            if (isPublic)
            {
                await IngestOwnAsync(update, _stopping.Token).ConfigureAwait(false);
                return;
            }
            // Private: the tick sends it to the peer (once per connection and timestamp).
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.Broken($"broadcasting our channel_update {update.ShortChannelId}: {e}");
        }
    }

    /// <summary>Our node_announcement, once we have a public channel, and again when what it says changes.</summary>
    private async Task AnnounceNodeAsync(CancellationToken cancellationToken)
    {
        var alias = NodeAlias.FromString(_identity.Alias);
        var color = RgbColor.FromSpan(_identity.Color);
        var addresses = NodeAddressList.Create(_config.AnnounceAddresses
            .Select(a => NodeAddress.TryParse(a.ToString(), out var parsed) ? parsed : null).OfType<NodeAddress>());
        var features = LocalFeatures.Init;
        // Only once one of our public channels has our update, so that the channel is relayed before (or with) the node.
        var (hasChannel, previous) = await ReadAsync(s => (
            s.Channels.Any(c => (c.Endpoints.Node1 == _us && c.Updates[0] is not null) || (c.Endpoints.Node2 == _us && c.Updates[1] is not null)),
            s.TryGetNode(_us, out var n) ? n : null), cancellationToken).ConfigureAwait(false);
        if (!hasChannel)
            return;
        if (previous is not null && previous.Alias == alias && previous.RgbColor == color && previous.Addresses == addresses
            && previous.Features.Equals(FeatureBits.FromBits(features.SetBits)))
            return;
        // A node_announcement must be newer than the one before it.
        var timestamp = previous is null || Now > previous.Timestamp ? Now : new GossipTimestamp(previous.Timestamp.Value + 1);
        var announcement = GossipSigner.CreateNodeAnnouncement(_nodeKey, timestamp, features, color, alias, addresses);
        await IngestOwnAsync(announcement, cancellationToken).ConfigureAwait(false);
    }
}
