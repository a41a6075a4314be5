using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;

namespace Fulgur.Protocol.Gossip;

/// <summary>
/// The <c>channel_update_timestamps</c> subtype: the timestamps of a channel's latest update from each end, 0
/// where there is none.
/// </summary>
public readonly record struct ChannelUpdateTimestamps(GossipTimestamp Node1, GossipTimestamp Node2)
{
    public const int Length = 8;

    internal static bool TryRead(ref WireReader reader, out ChannelUpdateTimestamps timestamps)
    {
        timestamps = default;
        if (!reader.TryReadU32(out var node1) || !reader.TryReadU32(out var node2))
            return false;
        timestamps = new ChannelUpdateTimestamps(new GossipTimestamp(node1), new GossipTimestamp(node2));
        return true;
    }

    internal void Write(WireWriter writer)
    {
        writer.WriteU32(Node1.Value);
        writer.WriteU32(Node2.Value);
    }
}

/// <summary>
/// The <c>channel_update_checksums</c> subtype: the <see cref="ChannelUpdateChecksum"/> of a channel's latest update
/// from each end, 0 where there is none.
/// </summary>
public readonly record struct ChannelUpdateChecksums(uint Node1, uint Node2)
{
    public const int Length = 8;

    internal static bool TryRead(ref WireReader reader, out ChannelUpdateChecksums checksums)
    {
        checksums = default;
        if (!reader.TryReadU32(out var node1) || !reader.TryReadU32(out var node2))
            return false;
        checksums = new ChannelUpdateChecksums(node1, node2);
        return true;
    }

    internal void Write(WireWriter writer)
    {
        writer.WriteU32(Node1);
        writer.WriteU32(Node2);
    }
}

/// <summary>
/// The <c>timestamps_tlv</c> value of <c>reply_channel_range</c>: an encoding byte, then one
/// <see cref="ChannelUpdateTimestamps"/> per <c>short_channel_id</c>. Kept as received.
/// </summary>
public readonly struct EncodedTimestamps : IEquatable<EncodedTimestamps>
{
    public EncodedTimestamps(ByteVector raw) => Raw = raw;

    public ByteVector Raw { get; }

    public GossipEncoding? Encoding => Raw.IsEmpty ? null : (GossipEncoding)Raw[0];

    public static EncodedTimestamps Encode(params IEnumerable<ChannelUpdateTimestamps> timestamps)
    {
        ArgumentNullException.ThrowIfNull(timestamps);
        return new EncodedTimestamps(ByteVector.TakeOwnership(EncodedArray.Encode(timestamps, (w, t) => t.Write(w))));
    }

    public bool TryDecode(out IReadOnlyList<ChannelUpdateTimestamps> timestamps, out GossipQueryError error)
    {
        var ok = EncodedArray.TryDecode<ChannelUpdateTimestamps>(Raw.Span, "encoded_timestamps", ChannelUpdateTimestamps.TryRead,
            out var list, out error);
        timestamps = list;
        return ok;
    }

    public bool Equals(EncodedTimestamps other) => Raw == other.Raw;

    public override bool Equals(object? obj) => obj is EncodedTimestamps other && Equals(other);

    public override int GetHashCode() => Raw.GetHashCode();

    public static bool operator ==(EncodedTimestamps left, EncodedTimestamps right) => left.Equals(right);

    public static bool operator !=(EncodedTimestamps left, EncodedTimestamps right) => !left.Equals(right);

    public override string ToString() => Raw.ToHex();
}
