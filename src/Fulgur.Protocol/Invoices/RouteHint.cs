using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Invoices;

/// <summary>
/// One hop of an <c>r</c> field. BOLT #11: "the `pubkey` is the node ID of the start of the channel; `short_channel_id`
/// is the short channel ID field to identify the channel; and `fee_base_msat`, `fee_proportional_millionths`, and
/// `cltv_expiry_delta` are as specified in [BOLT #7]".
/// </summary>
public sealed record RouteHintHop(
    NodeId NodeId, ShortChannelId ShortChannelId, MilliSatoshi FeeBase, uint FeeProportionalMillionths, CltvExpiryDelta CltvExpiryDelta)
{
    /// <summary>pubkey (264 bits) + short_channel_id (64) + fee_base_msat (32) + fee_proportional_millionths (32) + cltv_expiry_delta (16).</summary>
    public const int Length = 33 + 8 + 4 + 4 + 2;

    internal static bool TryRead(ReadOnlySpan<byte> bytes51, [NotNullWhen(true)] out RouteHintHop? hop)
    {
        hop = null;
        if (!NodeId.TryCreate(bytes51[..33], out var nodeId))
            return false;
        hop = new RouteHintHop(
            nodeId,
            new ShortChannelId(BinaryPrimitives.ReadUInt64BigEndian(bytes51[33..])),
            new MilliSatoshi(BinaryPrimitives.ReadUInt32BigEndian(bytes51[41..])),
            BinaryPrimitives.ReadUInt32BigEndian(bytes51[45..]),
            new CltvExpiryDelta(BinaryPrimitives.ReadUInt16BigEndian(bytes51[49..])));
        return true;
    }

    internal void Write(Span<byte> bytes51)
    {
        if (FeeBase.Value is < 0 or > uint.MaxValue)
            throw new InvalidOperationException($"fee_base_msat is a u32, not {FeeBase}");
        NodeId.Bytes.CopyTo(bytes51);
        BinaryPrimitives.WriteUInt64BigEndian(bytes51[33..], ShortChannelId.Value);
        BinaryPrimitives.WriteUInt32BigEndian(bytes51[41..], (uint)FeeBase.Value);
        BinaryPrimitives.WriteUInt32BigEndian(bytes51[45..], FeeProportionalMillionths);
        BinaryPrimitives.WriteUInt16BigEndian(bytes51[49..], CltvExpiryDelta.Value);
    }
}

/// <summary>
/// An <c>r</c> field: BOLT #11: "`r` field MUST contain one or more ordered entries, indicating the forward route from a
/// public node to the final destination."
/// </summary>
public sealed class RouteHint : IEquatable<RouteHint>
{
    /// <summary>As many 51-byte hops as fit in a field's 1023 words (5115 bits).</summary>
    public const int MaxHops = TaggedField.MaxWords * 5 / (RouteHintHop.Length * 8);

    public RouteHint(IReadOnlyList<RouteHintHop> hops)
    {
        ArgumentNullException.ThrowIfNull(hops);
        if (hops.Count is 0 or > MaxHops)
            throw new ArgumentException($"a route hint has 1 to {MaxHops} hops", nameof(hops));
        Hops = [.. hops];
    }

    public IReadOnlyList<RouteHintHop> Hops { get; }

    internal TaggedField ToField()
    {
        var bytes = new byte[Hops.Count * RouteHintHop.Length];
        for (var i = 0; i < Hops.Count; i++)
            Hops[i].Write(bytes.AsSpan(i * RouteHintHop.Length, RouteHintHop.Length));
        return TaggedField.FromBytes(InvoiceFieldType.RouteHint, bytes);
    }

    public bool Equals(RouteHint? other) => other is not null && Hops.SequenceEqual(other.Hops);

    public override bool Equals(object? obj) => Equals(obj as RouteHint);

    public override int GetHashCode() => Hops.Count == 0 ? 0 : HashCode.Combine(Hops.Count, Hops[0]);

    public override string ToString() => string.Join(" -> ", Hops.Select(h => $"{h.NodeId}/{h.ShortChannelId.ToString(ShortChannelIdFormat.X)}"));
}
