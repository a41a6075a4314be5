using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Onion;

/// <summary>
/// A serialized Sphinx packet (BOLT 4 "Packet Structure"): <c>version</c> ‖ 33-byte <c>public_key</c> ‖
/// <c>hop_payloads</c> ‖ 32-byte <c>hmac</c>. Payment onions carry 1300 bytes of <c>hop_payloads</c> (1366 in all);
/// onion messages may use other sizes, so the size is whatever the bytes hold. The packet is kept as its wire bytes:
/// the version and key are only judged when a hop peels it, because each defect has its own failure code.
/// </summary>
public sealed class OnionPacket
{
    /// <summary>BOLT #4: "For this specification (_version 0_), `version` has a constant value of `0x00`."</summary>
    public const byte Version0 = 0x00;

    public const int VersionLength = 1;
    public const int PublicKeyLength = 33;
    public const int HmacLength = 32;

    /// <summary>Everything except <c>hop_payloads</c>: version, key and HMAC.</summary>
    public const int OverheadLength = VersionLength + PublicKeyLength + HmacLength;

    /// <summary>BOLT #4: "a 1300-byte `hop_payloads` consisting of multiple, variable length, `hop_payload` payloads"</summary>
    public const int PaymentHopPayloadsLength = 1300;

    /// <summary>The <c>onion_routing_packet</c> of <c>update_add_htlc</c>: 1366 bytes.</summary>
    public const int PaymentPacketLength = OverheadLength + PaymentHopPayloadsLength;

    private const int HopPayloadsOffset = VersionLength + PublicKeyLength;

    private readonly byte[] _bytes;

    private OnionPacket(byte[] bytes) => _bytes = bytes;

    public byte Version => _bytes[0];

    /// <summary>The ephemeral <c>public_key</c> as sent; it may not be a valid point.</summary>
    public ReadOnlySpan<byte> PublicKey => _bytes.AsSpan(VersionLength, PublicKeyLength);

    public ReadOnlySpan<byte> HopPayloads => _bytes.AsSpan(HopPayloadsOffset, HopPayloadsLength);

    public ReadOnlySpan<byte> Hmac => _bytes.AsSpan(_bytes.Length - HmacLength);

    public int HopPayloadsLength => _bytes.Length - OverheadLength;

    /// <summary>The whole packet as it goes on the wire.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    public int Length => _bytes.Length;

    /// <summary>
    /// Accepts any byte string long enough to hold a version, key, HMAC and some <c>hop_payloads</c>. Version and key
    /// are checked by <see cref="SphinxPeeler"/>, not here.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out OnionPacket? packet)
    {
        packet = bytes.Length > OverheadLength ? new OnionPacket(bytes.ToArray()) : null;
        return packet is not null;
    }

    /// <summary>Parses a payment onion, which must be exactly <see cref="PaymentPacketLength"/> bytes.</summary>
    public static bool TryParsePayment(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out OnionPacket? packet)
    {
        packet = null;
        return bytes.Length == PaymentPacketLength && TryParse(bytes, out packet);
    }

    public static OnionPacket Create(byte version, ReadOnlySpan<byte> publicKey33, ReadOnlySpan<byte> hopPayloads, ReadOnlySpan<byte> hmac32)
    {
        if (publicKey33.Length != PublicKeyLength)
            throw new ArgumentException("the ephemeral key is 33 bytes", nameof(publicKey33));
        if (hopPayloads.IsEmpty)
            throw new ArgumentException("hop_payloads is empty", nameof(hopPayloads));
        if (hmac32.Length != HmacLength)
            throw new ArgumentException("the HMAC is 32 bytes", nameof(hmac32));
        var bytes = new byte[OverheadLength + hopPayloads.Length];
        bytes[0] = version;
        publicKey33.CopyTo(bytes.AsSpan(VersionLength));
        hopPayloads.CopyTo(bytes.AsSpan(HopPayloadsOffset));
        hmac32.CopyTo(bytes.AsSpan(bytes.Length - HmacLength));
        return new OnionPacket(bytes);
    }

    /// <summary>Takes ownership of an array already laid out as a packet (builder and peeler output).</summary>
    internal static OnionPacket Wrap(byte[] bytes) => new(bytes);

    /// <summary>The <c>sha256_of_onion</c> that BADONION failures and <c>update_fail_malformed_htlc</c> carry.</summary>
    public byte[] Sha256OfOnion() => Sha256.Hash(_bytes);

    public byte[] ToArray() => (byte[])_bytes.Clone();

    public string ToHex() => Hex.Encode(_bytes);

    public override string ToString() => $"OnionPacket(v{Version}, {HopPayloadsLength}-byte hop_payloads)";
}
