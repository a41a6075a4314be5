using Fulgur.Crypto;

namespace Fulgur.Protocol.Onion;

/// <summary>
/// One hop of a route as the Sphinx builder sees it: the node the layer is encrypted to and its <c>payload</c> (the
/// TLV stream, without the BigSize length that <c>hop_payloads</c> puts in front of it; the builder writes that).
/// </summary>
public readonly record struct SphinxHop(PublicKey NodeId, ReadOnlyMemory<byte> Payload);

/// <summary>What <see cref="SphinxBuilder"/> produces: the packet for the first hop and, in route order, the secret shared
/// with each hop, which the origin keeps to attribute a returned failure.</summary>
public sealed record SphinxBuildResult(OnionPacket Packet, IReadOnlyList<SharedSecret> SharedSecrets);

/// <summary>Why a route cannot be turned into an onion.</summary>
public enum SphinxBuildError
{
    None = 0,

    /// <summary>The route has no hops.</summary>
    NoHops,

    /// <summary>A payload is shorter than two bytes: BOLT #4: "`length` values of 0 and 1 are reserved."</summary>
    PayloadTooShort,

    /// <summary>The payloads with their length prefixes and HMACs do not fit in <c>hop_payloads</c>.</summary>
    PayloadsTooLarge,

    /// <summary>The requested <c>hop_payloads</c> size is not positive.</summary>
    InvalidPacketSize,
}
