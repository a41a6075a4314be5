using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Gossip;

/// <summary>One channel in an answer to <c>query_channel_range</c>, with what the extended query may ask for.</summary>
public readonly record struct ChannelRangeEntry(ShortChannelId ShortChannelId, ChannelUpdateTimestamps Timestamps,
    ChannelUpdateChecksums Checksums);

/// <summary>
/// Both sides of <c>query_channel_range</c>: splitting our channels into <c>reply_channel_range</c> messages, and
/// checking the replies a peer sends to our query.
/// </summary>
public static class ChannelRangeReplies
{
    /// <summary>Fixed fields plus the worst-case TLV headers of a reply, rounded up.</summary>
    private const int ReplyOverhead = 64;

    /// <summary>
    /// The replies to <paramref name="query"/>: the channels funded in its blocks, ascending, at most as many per
    /// message as fit in 65535 bytes, with timestamps and checksums when the query asks for them.
    /// </summary>
    /// <param name="channels">Our channels; those outside the query's blocks are left out.</param>
    /// <param name="maxPerReply">A lower cap on ids per reply (for tests); by default as many as fit.</param>
    public static IReadOnlyList<ReplyChannelRangeMessage> Build(QueryChannelRangeMessage query, IEnumerable<ChannelRangeEntry> channels,
        int? maxPerReply = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(channels);
        var option = query.QueryOption ?? QueryOptions.None;
        var withTimestamps = option.HasFlag(QueryOptions.WantTimestamps);
        var withChecksums = option.HasFlag(QueryOptions.WantChecksums);
        var perEntry = 8 + (withTimestamps ? ChannelUpdateTimestamps.Length : 0) + (withChecksums ? ChannelUpdateChecksums.Length : 0);
        // BOLT #7: "MUST limit `number_of_blocks` to the maximum number of blocks whose
        // results could fit in `encoded_short_ids`"
        var fit = (ushort.MaxValue - ReplyOverhead) / perEntry;
        var limit = Math.Max(1, Math.Min(maxPerReply ?? fit, fit));

        var inRange = channels
            .Where(c => c.ShortChannelId.BlockHeight >= query.FirstBlocknum.Value && c.ShortChannelId.BlockHeight < query.EndBlock)
            .DistinctBy(c => c.ShortChannelId)
            .OrderBy(c => c.ShortChannelId)
            .Chunk(limit)
            .ToList();
        if (inRange.Count == 0)
            return [Reply(query, query.FirstBlocknum.Value, query.EndBlock, true, [], withTimestamps, withChecksums)];

        var replies = new List<ReplyChannelRangeMessage>(inRange.Count);
        for (var i = 0; i < inRange.Count; i++)
        {
            var chunk = inRange[i];
            var last = i == inRange.Count - 1;
            // BOLT #7: "the first `reply_channel_range` message: - MUST set `first_blocknum` less than or equal to the
            // `first_blocknum` in `query_channel_range`"
            var first = i == 0 ? query.FirstBlocknum.Value : chunk[0].ShortChannelId.BlockHeight;
            // BOLT #7: "the final `reply_channel_range` message: - MUST have `first_blocknum` plus `number_of_blocks`
            // equal or greater than the `query_channel_range` `first_blocknum` plus `number_of_blocks`."
            var end = last ? query.EndBlock : (ulong)chunk[^1].ShortChannelId.BlockHeight + 1;
            // BOLT #7: "MUST set `sync_complete` to `false` if this is not the final `reply_channel_range`."
            replies.Add(Reply(query, first, end, last, chunk, withTimestamps, withChecksums));
        }
        return replies;
    }

    private static ReplyChannelRangeMessage Reply(
        QueryChannelRangeMessage query,
        uint first,
        ulong end,
        bool complete,
        ChannelRangeEntry[] entries,
        bool withTimestamps,
        bool withChecksums) =>
        new(query.ChainHash, new BlockHeight(first), (uint)(end - first), complete, [.. entries.Select(e => e.ShortChannelId)],
            withTimestamps ? [.. entries.Select(e => e.Timestamps)] : null,
            withChecksums ? [.. entries.Select(e => e.Checksums)] : null);

    /// <summary>
    /// Decodes a reply's ids with their timestamps and checksums (zero where the reply has none), refusing zlib,
    /// and arrays whose lengths differ from the number of ids.
    /// </summary>
    public static bool TryDecode(ReplyChannelRangeMessage reply, out IReadOnlyList<ChannelRangeEntry> entries, out GossipQueryError error)
    {
        ArgumentNullException.ThrowIfNull(reply);
        entries = [];
        if (!reply.ShortChannelIds.TryDecode(out var ids, out error))
            return false;
        IReadOnlyList<ChannelUpdateTimestamps>? timestamps = null;
        if (reply.Timestamps is { } encoded && !encoded.TryDecode(out timestamps, out error))
            return false;
        // BOLT #7: "if bit 0 in `query_option_flags` is set, the receiver MAY append a `timestamps_tlv` that contains
        // `channel_update` timestamps for all `short_channel_id`s in `encoded_short_ids`"
        if (timestamps is not null && timestamps.Count != ids.Count)
            return Fail(GossipQueryErrorKind.CountMismatch, $"{timestamps.Count} timestamps for {ids.Count} short_channel_ids", out error);
        if (reply.Checksums is { } checksums && checksums.Count != ids.Count)
            return Fail(GossipQueryErrorKind.CountMismatch, $"{checksums.Count} checksums for {ids.Count} short_channel_ids", out error);
        entries = [.. ids.Select((id, i) => new ChannelRangeEntry(id, timestamps?[i] ?? default, reply.Checksums?[i] ?? default))];
        return true;
    }

    private static bool Fail(GossipQueryErrorKind kind, string detail, out GossipQueryError error)
    {
        error = new GossipQueryError(kind, detail);
        return false;
    }
}

/// <summary>
/// Our progress through the replies to a <c>query_channel_range</c> we sent: <see cref="TryApply"/> checks each
/// reply's blocks against the query and the previous reply and says when the answer is complete.
/// </summary>
public sealed record ChannelRangeQueryProgress(QueryChannelRangeMessage Query, uint? PreviousFirstBlocknum = null, bool IsComplete = false)
{
    /// <summary>The progress after <paramref name="reply"/>, or the rule it breaks.</summary>
    public bool TryApply(ReplyChannelRangeMessage reply, out ChannelRangeQueryProgress next, out GossipQueryError error)
    {
        ArgumentNullException.ThrowIfNull(reply);
        next = this;
        error = GossipQueryError.None;
        // BOLT #7: "MUST set with `chain_hash` equal to that of `query_channel_range`,"
        if (reply.ChainHash != Query.ChainHash)
            return Fail(GossipQueryErrorKind.ChainMismatch, $"reply for chain {reply.ChainHash}, we asked about {Query.ChainHash}",
                out error);
        if (IsComplete)
            return Fail(GossipQueryErrorKind.ReplyOutOfRange, "a reply after the final one", out error);
        if (PreviousFirstBlocknum is not { } previous)
        {
            // BOLT #7: "MUST set `first_blocknum` plus `number_of_blocks` greater than `first_blocknum` in `query_channel_range`."
            if (reply.FirstBlocknum > Query.FirstBlocknum || reply.EndBlock <= Query.FirstBlocknum.Value)
            {
                return Fail(GossipQueryErrorKind.ReplyOutOfRange,
                    $"first reply covers [{reply.FirstBlocknum}, {reply.EndBlock}), the query starts at {Query.FirstBlocknum}", out error);
            }
        }
        // BOLT #7: "successive `reply_channel_range` message: - MUST have `first_blocknum` equal or greater than the
        // previous `first_blocknum`."
        else if (reply.FirstBlocknum.Value < previous)
        {
            return Fail(GossipQueryErrorKind.ReplyOutOfRange,
                $"reply starts at {reply.FirstBlocknum}, before the previous one at {previous}", out error);
        }
        next = new ChannelRangeQueryProgress(Query, reply.FirstBlocknum.Value, reply.EndBlock >= Query.EndBlock);
        return true;
    }

    private static bool Fail(GossipQueryErrorKind kind, string detail, out GossipQueryError error)
    {
        error = new GossipQueryError(kind, detail);
        return false;
    }
}
