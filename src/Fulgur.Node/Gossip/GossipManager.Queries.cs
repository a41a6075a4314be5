using Fulgur.Node.Peers;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Gossip;

public sealed partial class GossipManager
{
    public async Task OnConnectedAsync(PeerInfo peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var queries = peer.Features.Offers(KnownFeatures.GossipQueries);
        QueryChannelRangeMessage? rangeQuery = null;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _announcementSignaturesSent.RemoveWhere(k => k.Peer == peer.Id);
            _announcedTo[peer.Id] = [];
            _privateUpdateSent.RemoveWhere(k => k.Peer == peer.Id);
            if (queries)
            {
                var sync = GossipSync.Start(_state.Chain);
                _syncs[peer.Id] = sync;
                rangeQuery = sync.RangeQuery;
                _filters[peer.Id] = TimestampFilter.None;
            }
            else
            {
                // A peer without gossip_queries gets everything new, as before the queries existed.
                _filters[peer.Id] = new TimestampFilter(GossipTimestamp.Zero, uint.MaxValue);
            }
        }
        finally
        {
            _gate.Release();
        }
        if (rangeQuery is not null)
        {
            // New gossip from now on (less a margin for what is in flight); what the peer already has comes through the queries.
            var first = GossipTimestamp.FromDateTimeOffset(_clock.GetUtcNow() - _options.FilterMargin);
            _peers.TrySend(peer.Id, new GossipTimestampFilterMessage(_state.Chain, first, uint.MaxValue));
            _peers.TrySend(peer.Id, rangeQuery);
        }
    }

    public async Task OnDisconnectedAsync(NodeId peer, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _filters.Remove(peer);
            _syncs.Remove(peer);
            _announcedTo.Remove(peer);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether our initial sync with <paramref name="peer"/> finished (for tests and logs).</summary>
    public async Task<bool> IsSyncedWithAsync(NodeId peer, CancellationToken cancellationToken) =>
        await ReadAsync(_ => !_syncs.TryGetValue(peer, out var sync) || sync.IsComplete, cancellationToken).ConfigureAwait(false);

    private async Task HandleQueryAsync(NodeId peer, IWireMessage message, CancellationToken cancellationToken)
    {
        List<IWireMessage> answer = [];
        string? warning = null;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            switch (message)
            {
                case GossipTimestampFilterMessage filter when filter.ChainHash == _state.Chain:
                    var f = new TimestampFilter(filter.FirstTimestamp, filter.TimestampRange);
                    _filters[peer] = f;
                    // BOLT #7: "SHOULD send all gossip messages whose `timestamp` is greater or equal to
                    // `first_timestamp`, and less than `first_timestamp` plus `timestamp_range`."
                    answer.AddRange(StoredWithin(f));
                    break;
                case QueryChannelRangeMessage query:
                    // BOLT #7: "MUST set with `chain_hash` equal to that of `query_channel_range`,"
                    answer.AddRange(query.ChainHash == _state.Chain
                        ? ChannelRangeReplies.Build(query, _state.RangeEntries())
                        : [new ReplyChannelRangeMessage(query.ChainHash, query.FirstBlocknum, query.NumberOfBlocks, 0,
                            EncodedShortChannelIds.Encode([]), null, null, Protocol.Wire.Tlv.TlvStream.Empty)]);
                    break;
                case QueryShortChannelIdsMessage query:
                    warning = AnswerShortChannelIds(query, answer);
                    break;
                case ReplyChannelRangeMessage reply when _syncs.TryGetValue(peer, out var sync):
                    if (!sync.TryApply(reply, Timestamps, out var error))
                    {
                        warning = $"reply_channel_range: {error}";
                        _syncs.Remove(peer);
                    }
                    else if (sync.NextQuery() is { } next)
                    {
                        answer.Add(next);
                    }
                    break;
                case ReplyShortChannelIdsEndMessage end when _syncs.TryGetValue(peer, out var sync):
                    if (!sync.TryEnd(end))
                        warning = "reply_short_channel_ids_end without a query";
                    else if (sync.NextQuery() is { } next)
                        answer.Add(next);
                    if (sync.IsComplete)
                        _log.Debug($"{peer}: gossip sync complete ({_state.Channels.Count} channels)");
                    break;
                default:
                    _log.Debug($"{peer}: {message.Type} ignored");
                    break;
            }
        }
        finally
        {
            _gate.Release();
        }
        foreach (var m in answer)
            _peers.TrySend(peer, m);
        if (warning is not null)
        {
            _log.Unusual($"{peer}: {warning}");
            Warn(peer, warning);
        }
    }

    private ChannelUpdateTimestamps? Timestamps(ShortChannelId scid) =>
        _state.TryGetChannel(scid, out var c)
            ? new ChannelUpdateTimestamps(c.Updates[0]?.Timestamp ?? GossipTimestamp.Zero, c.Updates[1]?.Timestamp ?? GossipTimestamp.Zero)
            : null;

    /// <summary>The stored gossip a new filter admits: channels (with their admitted updates), then nodes.</summary>
    private List<IWireMessage> StoredWithin(TimestampFilter filter)
    {
        var messages = new List<IWireMessage>();
        foreach (var channel in _state.Channels.OrderBy(c => c.ShortChannelId))
        {
            var updates = channel.Updates.Where(u => u is not null && filter.Admits(u.Timestamp) && !u.DontForward).ToList();
            if (updates.Count == 0)
                continue;
            messages.Add(channel.Announcement);
            messages.AddRange(updates!);
        }
        messages.AddRange(_state.Nodes.Where(n => filter.Admits(n.Timestamp)));
        return messages;
    }

    /// <summary>Answers <c>query_short_channel_ids</c> into <paramref name="answer"/>; a warning text when it is malformed.</summary>
    private string? AnswerShortChannelIds(QueryShortChannelIdsMessage query, List<IWireMessage> answer)
    {
        if (!query.ShortChannelIds.TryDecode(out var ids, out var error))
            return $"query_short_channel_ids: {error.Detail}";
        IReadOnlyList<QueryFlags>? flags = null;
        if (query.QueryFlags is { } encoded && !encoded.TryDecodeFor(ids.Count, out flags, out var flagError))
            return $"query_short_channel_ids: {flagError.Detail}";
        if (query.ChainHash != _state.Chain)
        {
            // BOLT #7: "if does not maintain up-to-date channel information for `chain_hash`: - MUST set `full_information` to 0."
            answer.Add(new ReplyShortChannelIdsEndMessage(query.ChainHash, false));
            return null;
        }
        var nodesSent = new HashSet<NodeId>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (!_state.TryGetChannel(ids[i], out var channel))
                continue;
            var flag = flags?[i];
            // BOLT #7: "MUST respond to each known `short_channel_id`:" with the announcement and the latest updates,
            // followed by the node announcements (all of them without query flags, what the flags ask for with them).
            if (flag is null || flag.Value.HasFlag(QueryFlags.ChannelAnnouncement))
                answer.Add(channel.Announcement);
            for (var d = 0; d < 2; d++)
            {
                var wanted = flag is null || flag.Value.HasFlag(d == 0 ? QueryFlags.ChannelUpdateNode1 : QueryFlags.ChannelUpdateNode2);
                if (wanted && channel.Updates[d] is { } update)
                    answer.Add(update);
            }
            foreach (var (node, bit) in new[] { (channel.Endpoints.Node1, QueryFlags.NodeAnnouncementNode1), (channel.Endpoints.Node2, QueryFlags.NodeAnnouncementNode2) })
            {
                if ((flag is null || flag.Value.HasFlag(bit)) && _state.TryGetNode(node, out var announcement) && nodesSent.Add(node))
                    answer.Add(announcement);
            }
        }
        // BOLT #7: "SHOULD set `full_information` to 1."
        answer.Add(new ReplyShortChannelIdsEndMessage(query.ChainHash, true));
        return null;
    }

    /// <summary>
    /// <paramref name="messages"/> with, before the first update of each channel, that channel's announcement when we have
    /// not sent it to <paramref name="peer"/> on this connection (the announcement may have been held back by the
    /// peer's filter while a later update passes it). Under the gate.
    /// </summary>
    // BOLT #7: "MUST send the `channel_announcement` prior to any corresponding `channel_update`s and `node_announcement`s."
    private List<IWireMessage> WithAnnouncements(NodeId peer, IReadOnlyList<IWireMessage> messages)
    {
        if (!_announcedTo.TryGetValue(peer, out var sent))
            _announcedTo[peer] = sent = [];
        var result = new List<IWireMessage>(messages.Count);
        foreach (var message in messages)
        {
            switch (message)
            {
                case ChannelAnnouncementMessage a:
                    if (sent.Add(a.ShortChannelId))
                        result.Add(a);
                    continue;
                case ChannelUpdateMessage u when !sent.Contains(u.ShortChannelId) && _state.TryGetChannel(u.ShortChannelId, out var channel):
                    sent.Add(u.ShortChannelId);
                    result.Add(channel.Announcement);
                    break;
            }
            result.Add(message);
        }
        return result;
    }

    /// <summary>Sends what waits for relay (the flush timer).</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<NodeId, IReadOnlyList<IWireMessage>> batch;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_relay.Count == 0 && !_relay.HasBacklog)
                return;
            var peers = _peers.ConnectedPeers.ToDictionary(p => p.Id, p => _filters.TryGetValue(p.Id, out var f) ? f : TimestampFilter.None);
            batch = _relay.Flush(peers, _options.MaxPerPeerPerFlush);
        }
        finally
        {
            _gate.Release();
        }
        Dictionary<NodeId, List<IWireMessage>> complete;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            complete = batch.ToDictionary(p => p.Key, p => WithAnnouncements(p.Key, p.Value));
        }
        finally
        {
            _gate.Release();
        }
        foreach (var (peer, messages) in complete)
        {
            if (_log.IsEnabled(Logging.LogLevel.Debug))
                _log.Debug($"{peer}: relaying {string.Join(", ", messages.Select(Describe))}");
            foreach (var message in messages)
                _peers.TrySend(peer, message);
        }
    }
}
