using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 7 <c>reply_channel_range</c>: one part of the answer to a <c>query_channel_range</c>, optionally with the
/// timestamps and checksums of each channel's latest updates. Encoded arrays are kept as received.
/// </summary>
/// <param name="SyncComplete">The <c>sync_complete</c> byte as sent.</param>
/// <param name="Timestamps">The <c>timestamps_tlv</c> value, or null when absent.</param>
/// <param name="Checksums">The <c>checksums_tlv</c> entries, or null when absent.</param>
public sealed record ReplyChannelRangeMessage(
    ChainHash ChainHash,
    BlockHeight FirstBlocknum,
    uint NumberOfBlocks,
    byte SyncComplete,
    EncodedShortChannelIds ShortChannelIds,
    EncodedTimestamps? Timestamps,
    IReadOnlyList<ChannelUpdateChecksums>? Checksums,
    TlvStream UnknownTlvs) : IWireMessage<ReplyChannelRangeMessage>
{
    private const ulong TimestampsType = 1;
    private const ulong ChecksumsType = 3;

    /// <summary>A reply of ours, with the arrays encoded uncompressed.</summary>
    public ReplyChannelRangeMessage(
        ChainHash chainHash,
        BlockHeight firstBlocknum,
        uint numberOfBlocks,
        bool syncComplete,
        IReadOnlyList<ShortChannelId> ids,
        IReadOnlyList<ChannelUpdateTimestamps>? timestamps = null,
        IReadOnlyList<ChannelUpdateChecksums>? checksums = null)
        : this(chainHash, firstBlocknum, numberOfBlocks, syncComplete ? (byte)1 : (byte)0, EncodedShortChannelIds.Encode(ids),
            timestamps is null ? null : EncodedTimestamps.Encode(timestamps), checksums, TlvStream.Empty)
    {
        ArgumentNullException.ThrowIfNull(ids);
        // BOLT #7: "the receiver MAY append a `timestamps_tlv` that contains `channel_update` timestamps for all
        // `short_channel_id`s in `encoded_short_ids`"
        if (timestamps is not null && timestamps.Count != ids.Count)
            throw new ArgumentException($"{timestamps.Count} timestamps for {ids.Count} short_channel_ids", nameof(timestamps));
        if (checksums is not null && checksums.Count != ids.Count)
            throw new ArgumentException($"{checksums.Count} checksums for {ids.Count} short_channel_ids", nameof(checksums));
    }

    public static MessageType MessageType => new(264);

    public static string Name => "reply_channel_range";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("chain_hash", "chain_hash"),
        new("u32", "first_blocknum"),
        new("u32", "number_of_blocks"),
        new("byte", "sync_complete"),
        new("u16", "len"),
        new("len*byte", "encoded_short_ids"),
        new("reply_channel_range_tlvs", "tlvs"),
    ];

    public static TlvNamespace Tlvs { get; } = new("reply_channel_range_tlvs",
        new TlvType(TimestampsType, "timestamps_tlv", GossipTlvFormat.Timestamps),
        new TlvType(ChecksumsType, "checksums_tlv", TlvFormat.RepeatedFixed(ChannelUpdateChecksums.Length)));

    public MessageType Type => MessageType;

    public bool IsSyncComplete => SyncComplete != 0;

    /// <summary>The block after the range: <c>first_blocknum + number_of_blocks</c>, without overflow.</summary>
    public ulong EndBlock => (ulong)FirstBlocknum.Value + NumberOfBlocks;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out ReplyChannelRangeMessage? message)
    {
        message = null;
        if (!reader.TryReadChainHash(out var chainHash)
            || !reader.TryReadBlockHeight(out var firstBlocknum)
            || !reader.TryReadU32(out var numberOfBlocks)
            || !reader.TryReadU8(out var syncComplete)
            || !reader.TryReadU16Prefixed(out var ids)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        EncodedTimestamps? timestamps = tlvs.TryGetValue(TimestampsType, out var timestampBytes)
            ? new EncodedTimestamps(timestampBytes)
            : null;
        List<ChannelUpdateChecksums>? checksums = null;
        if (tlvs.TryGetValue(ChecksumsType, out var checksumBytes))
        {
            checksums = [];
            var checksumReader = new WireReader(checksumBytes.Span);
            while (ChannelUpdateChecksums.TryRead(ref checksumReader, out var entry))
                checksums.Add(entry);
        }
        message = new ReplyChannelRangeMessage(chainHash, firstBlocknum, numberOfBlocks, syncComplete, new EncodedShortChannelIds(ids),
            timestamps, checksums, tlvs.UnknownTo(Tlvs));
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChainHash(ChainHash);
        writer.WriteBlockHeight(FirstBlocknum);
        writer.WriteU32(NumberOfBlocks);
        writer.WriteU8(SyncComplete);
        writer.WriteU16Prefixed(ShortChannelIds.Raw.Span);
        var tlvs = UnknownTlvs;
        if (Timestamps is { } timestamps)
            tlvs = tlvs.With(TimestampsType, timestamps.Raw);
        if (Checksums is { } checksums)
        {
            tlvs = tlvs.With(ChecksumsType, WireWriter.ToByteVector(w =>
            {
                foreach (var entry in checksums)
                    entry.Write(w);
            }));
        }
        tlvs.Write(writer);
    }

    public bool Equals(ReplyChannelRangeMessage? other) =>
        other is not null
        && ChainHash == other.ChainHash
        && FirstBlocknum == other.FirstBlocknum
        && NumberOfBlocks == other.NumberOfBlocks
        && SyncComplete == other.SyncComplete
        && ShortChannelIds == other.ShortChannelIds
        && Timestamps == other.Timestamps
        && (Checksums is null ? other.Checksums is null : other.Checksums is not null && Checksums.SequenceEqual(other.Checksums))
        && UnknownTlvs == other.UnknownTlvs;

    public override int GetHashCode() => HashCode.Combine(ChainHash, FirstBlocknum, NumberOfBlocks, SyncComplete, ShortChannelIds,
        Checksums?.Count);
}
