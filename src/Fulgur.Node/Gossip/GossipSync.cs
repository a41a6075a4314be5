using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Gossip;

/// <summary>
/// Our initial sync with one peer through the gossip queries: one <c>query_channel_range</c> over the whole chain
/// (with timestamps), then <c>query_short_channel_ids</c> for the channels we lack or hold older updates of, one query
/// at a time, in chunks. Pure: the gossip manager sends what it returns and feeds it the replies.
/// </summary>
public sealed class GossipSync
{
    /// <summary>Short channel ids per <c>query_short_channel_ids</c> (8 bytes each, well inside a 65535-byte message).</summary>
    public const int ChunkSize = 1000;

    private readonly Queue<ShortChannelId> _wanted = new();
    private readonly HashSet<ShortChannelId> _seen = [];
    private ChannelRangeQueryProgress _range;
    private bool _queryOutstanding;

    private GossipSync(QueryChannelRangeMessage query) => _range = new ChannelRangeQueryProgress(query);

    /// <summary>The query that starts the sync (the whole chain, timestamps wanted).</summary>
    public QueryChannelRangeMessage RangeQuery => _range.Query;

    public bool IsComplete => _range.IsComplete && !_queryOutstanding && _wanted.Count == 0;

    public static GossipSync Start(ChainHash chain) =>
        // BOLT #7: "MUST set `first_blocknum` to the first block it wants to know channels for" (all of them).
        new(new QueryChannelRangeMessage(chain, new BlockHeight(0), uint.MaxValue, QueryOptions.WantTimestamps));

    /// <summary>
    /// Takes one <c>reply_channel_range</c>: the channels in it we lack, or whose timestamps beat ours
    /// (<paramref name="ours"/> gives our timestamps of a known channel, null when unknown), are wanted. False with the
    /// rule it breaks (the peer gets a warning).
    /// </summary>
    public bool TryApply(ReplyChannelRangeMessage reply, Func<ShortChannelId, ChannelUpdateTimestamps?> ours, out string error)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(ours);
        if (!_range.TryApply(reply, out var next, out var rangeError))
        {
            error = rangeError.Detail;
            return false;
        }
        if (!ChannelRangeReplies.TryDecode(reply, out var entries, out var decodeError))
        {
            error = decodeError.Detail;
            return false;
        }
        _range = next;
        var withTimestamps = reply.Timestamps is not null;
        foreach (var entry in entries)
        {
            var held = ours(entry.ShortChannelId);
            var newer = held is null
                || (withTimestamps && (entry.Timestamps.Node1 > held.Value.Node1 || entry.Timestamps.Node2 > held.Value.Node2));
            if (newer && _seen.Add(entry.ShortChannelId))
                _wanted.Enqueue(entry.ShortChannelId);
        }
        error = "";
        return true;
    }

    /// <summary>
    /// The next <c>query_short_channel_ids</c> to send, or null: nothing wanted, or a query still unanswered.
    /// </summary>
    // BOLT #7: "MUST NOT send `query_short_channel_ids` if it has sent a previous `query_short_channel_ids` to this
    // peer and not received `reply_short_channel_ids_end`."
    public QueryShortChannelIdsMessage? NextQuery()
    {
        if (_queryOutstanding || _wanted.Count == 0)
            return null;
        var chunk = new List<ShortChannelId>(Math.Min(ChunkSize, _wanted.Count));
        while (chunk.Count < ChunkSize && _wanted.TryDequeue(out var scid))
            chunk.Add(scid);
        chunk.Sort();
        _queryOutstanding = true;
        return new QueryShortChannelIdsMessage(_range.Query.ChainHash, chunk);
    }

    /// <summary>Takes <c>reply_short_channel_ids_end</c>; false when none was asked for.</summary>
    public bool TryEnd(ReplyShortChannelIdsEndMessage end)
    {
        ArgumentNullException.ThrowIfNull(end);
        if (!_queryOutstanding || end.ChainHash != _range.Query.ChainHash)
            return false;
        _queryOutstanding = false;
        return true;
    }
}
