using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;

namespace Fulgur.Protocol.Gossip;

/// <summary>One <c>query_flag</c> of <c>query_short_channel_ids</c>: what the sender wants for one channel.</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "query_flags is the spec's name")]
public enum QueryFlags : ulong
{
    None = 0,

    // BOLT #7: "Sender wants `channel_announcement`"
    ChannelAnnouncement = 1 << 0,

    // BOLT #7: "Sender wants `channel_update` for node 1"
    ChannelUpdateNode1 = 1 << 1,

    // BOLT #7: "Sender wants `channel_update` for node 2"
    ChannelUpdateNode2 = 1 << 2,

    // BOLT #7: "Sender wants `node_announcement` for node 1"
    NodeAnnouncementNode1 = 1 << 3,

    // BOLT #7: "Sender wants `node_announcement` for node 2"
    NodeAnnouncementNode2 = 1 << 4,
}

/// <summary>The <c>query_option_flags</c> of <c>query_channel_range</c>.</summary>
[Flags]
public enum QueryOptions : ulong
{
    None = 0,

    // BOLT #7: "Sender wants timestamps"
    WantTimestamps = 1 << 0,

    // BOLT #7: "Sender wants checksums"
    WantChecksums = 1 << 1,
}

/// <summary>
/// The <c>query_flags</c> TLV value: an encoding byte, then one minimal BigSize flag per <c>short_channel_id</c>.
/// Kept as received; <see cref="TryDecode"/> reads it.
/// </summary>
public readonly struct EncodedQueryFlags : IEquatable<EncodedQueryFlags>
{
    public EncodedQueryFlags(ByteVector raw) => Raw = raw;

    /// <summary>The TLV value: <c>encoding_type</c> then <c>encoded_query_flags</c>.</summary>
    public ByteVector Raw { get; }

    public GossipEncoding? Encoding => Raw.IsEmpty ? null : (GossipEncoding)Raw[0];

    public static EncodedQueryFlags Encode(params IEnumerable<QueryFlags> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        // BOLT #7: "Each query flag is a minimally-encoded bigsize."
        return new EncodedQueryFlags(ByteVector.TakeOwnership(EncodedArray.Encode(flags, (w, f) => w.WriteBigSize((ulong)f))));
    }

    public bool TryDecode(out IReadOnlyList<QueryFlags> flags, out GossipQueryError error)
    {
        var ok = EncodedArray.TryDecode(Raw.Span, "encoded_query_flags", static (ref WireReader r, out QueryFlags flag) =>
        {
            var read = r.TryReadBigSize(out var value);
            flag = (QueryFlags)value;
            return read;
        }, out var list, out error);
        flags = list;
        return ok;
    }

    /// <summary>Decodes the flags and checks there is one per id.</summary>
    // BOLT #7: "if `encoded_query_flags` does not decode to exactly one flag per `short_channel_id`:
    // - MAY send a `warning`. - MAY close the connection."
    public bool TryDecodeFor(int shortChannelIdCount, out IReadOnlyList<QueryFlags> flags, out GossipQueryError error)
    {
        if (!TryDecode(out flags, out error))
            return false;
        if (flags.Count == shortChannelIdCount)
            return true;
        error = new GossipQueryError(GossipQueryErrorKind.CountMismatch,
            $"{flags.Count} query flags for {shortChannelIdCount} short_channel_ids");
        flags = [];
        return false;
    }

    public bool Equals(EncodedQueryFlags other) => Raw == other.Raw;

    public override bool Equals(object? obj) => obj is EncodedQueryFlags other && Equals(other);

    public override int GetHashCode() => Raw.GetHashCode();

    public static bool operator ==(EncodedQueryFlags left, EncodedQueryFlags right) => left.Equals(right);

    public static bool operator !=(EncodedQueryFlags left, EncodedQueryFlags right) => !left.Equals(right);

    public override string ToString() => Raw.ToHex();
}
