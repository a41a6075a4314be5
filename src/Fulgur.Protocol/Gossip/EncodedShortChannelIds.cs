using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;

namespace Fulgur.Protocol.Gossip;

/// <summary>
/// An <c>encoded_short_ids</c> field: an encoding byte, then the ids. The bytes are kept as received so a message
/// re-encodes exactly whatever its encoding; <see cref="TryDecode"/> reads them, refusing zlib.
/// </summary>
public readonly struct EncodedShortChannelIds : IEquatable<EncodedShortChannelIds>
{
    public EncodedShortChannelIds(ByteVector raw) => Raw = raw;

    /// <summary>The field's bytes, encoding byte first.</summary>
    public ByteVector Raw { get; }

    /// <summary>The encoding byte, or null for an empty field.</summary>
    public GossipEncoding? Encoding => Raw.IsEmpty ? null : (GossipEncoding)Raw[0];

    /// <summary>Encodes ids in strictly ascending order with encoding type 0.</summary>
    public static EncodedShortChannelIds Encode(params IEnumerable<ShortChannelId> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var list = ids.ToList();
        for (var i = 1; i < list.Count; i++)
        {
            // BOLT #7: "`0`: uncompressed array of `short_channel_id` types, in ascending order."
            if (list[i] <= list[i - 1])
                throw new ArgumentException($"short_channel_ids must be strictly ascending ({list[i - 1]} then {list[i]})", nameof(ids));
        }
        return new EncodedShortChannelIds(ByteVector.TakeOwnership(EncodedArray.Encode(list, (w, id) => w.WriteShortChannelId(id))));
    }

    /// <summary>Decodes the ids; zlib, unknown encodings and a partial id are refused.</summary>
    // BOLT #7: "if `encoded_short_ids` does not decode into a whole number of `short_channel_id`:
    // - MAY send a `warning`. - MAY close the connection."
    public bool TryDecode(out IReadOnlyList<ShortChannelId> ids, out GossipQueryError error)
    {
        var ok = EncodedArray.TryDecode(Raw.Span, "encoded_short_ids",
            static (ref WireReader r, out ShortChannelId id) => r.TryReadShortChannelId(out id),
            out var list, out error);
        ids = list;
        return ok;
    }

    public bool Equals(EncodedShortChannelIds other) => Raw == other.Raw;

    public override bool Equals(object? obj) => obj is EncodedShortChannelIds other && Equals(other);

    public override int GetHashCode() => Raw.GetHashCode();

    public static bool operator ==(EncodedShortChannelIds left, EncodedShortChannelIds right) => left.Equals(right);

    public static bool operator !=(EncodedShortChannelIds left, EncodedShortChannelIds right) => !left.Equals(right);

    public override string ToString() => Raw.ToHex();
}
