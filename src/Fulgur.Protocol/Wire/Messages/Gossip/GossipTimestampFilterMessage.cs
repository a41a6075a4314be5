using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 7 <c>gossip_timestamp_filter</c>: the range of gossip timestamps the sender wants relayed; each one
/// replaces the previous.
/// </summary>
public sealed record GossipTimestampFilterMessage(
    ChainHash ChainHash,
    GossipTimestamp FirstTimestamp,
    uint TimestampRange,
    TlvStream UnknownTlvs) : IWireMessage<GossipTimestampFilterMessage>
{
    public GossipTimestampFilterMessage(ChainHash chainHash, GossipTimestamp firstTimestamp, uint timestampRange)
        : this(chainHash, firstTimestamp, timestampRange, TlvStream.Empty)
    {
    }

    /// <summary>
    /// The filter to send a peer that does not offer <c>gossip_queries</c>.
    /// </summary>
    // BOLT #7: "If the receiver does not offer `gossip_queries`: - SHOULD set `first_timestamp` to 0xFFFFFFFF and
    // `timestamp_range` to 0."
    public static GossipTimestampFilterMessage Nothing(ChainHash chainHash) => new(chainHash, new GossipTimestamp(uint.MaxValue), 0);

    public static MessageType MessageType => new(265);

    public static string Name => "gossip_timestamp_filter";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("chain_hash", "chain_hash"),
        new("u32", "first_timestamp"),
        new("u32", "timestamp_range"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    /// <summary>
    /// Whether relayed gossip with <paramref name="timestamp"/> passes the filter.
    /// </summary>
    // BOLT #7: "SHOULD restrict future gossip messages to those whose `timestamp` is greater or equal to
    // `first_timestamp`, and less than `first_timestamp` plus `timestamp_range`."
    public bool Includes(GossipTimestamp timestamp) =>
        timestamp >= FirstTimestamp && timestamp.Value < (ulong)FirstTimestamp.Value + TimestampRange;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out GossipTimestampFilterMessage? message)
    {
        message = null;
        if (!reader.TryReadChainHash(out var chainHash)
            || !reader.TryReadU32(out var firstTimestamp)
            || !reader.TryReadU32(out var timestampRange)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new GossipTimestampFilterMessage(chainHash, new GossipTimestamp(firstTimestamp), timestampRange, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChainHash(ChainHash);
        writer.WriteU32(FirstTimestamp.Value);
        writer.WriteU32(TimestampRange);
        UnknownTlvs.Write(writer);
    }
}
