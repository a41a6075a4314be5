using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Onion;

/// <summary>What a hop learns from its layer: its payload, the secret it shares with the origin (kept to wrap a failure
/// later) and, unless it is the final node, the packet to forward.</summary>
public sealed class PeeledHop
{
    internal PeeledHop(byte[] payload, SharedSecret sharedSecret, OnionPacket? nextPacket)
    {
        Payload = payload;
        SharedSecret = sharedSecret;
        NextPacket = nextPacket;
    }

    /// <summary>The <c>payload</c> (a TLV stream for payments), without its BigSize length.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    public SharedSecret SharedSecret { get; }

    /// <summary>The onion for the next peer; null for the final node.</summary>
    public OnionPacket? NextPacket { get; }

    /// <summary>BOLT #4: "Otherwise (all-zero `next_hmac`):" then "This is the final destination of the onion."</summary>
    [MemberNotNullWhen(false, nameof(NextPacket))]
    public bool IsFinal => NextPacket is null;
}

/// <summary>BOLT 4 "Onion Decryption": one hop's processing of a Sphinx packet. Untrusted input never throws.</summary>
public static class SphinxPeeler
{
    private const int HmacLength = OnionPacket.HmacLength;

    public static bool TryPeel(
        PrivateKey nodeKey,
        OnionPacket packet,
        ReadOnlySpan<byte> associatedData,
        [NotNullWhen(true)] out PeeledHop? hop,
        out OnionError error)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return TryPeel(nodeKey, packet.Span, associatedData, out hop, out error);
    }

    /// <param name="nodeKey">Our node private key.</param>
    /// <param name="packet">The serialized packet; its <c>hop_payloads</c> size is whatever the bytes hold (1300 for payments).</param>
    /// <param name="associatedData">The data the HMAC commits to: the payment hash for <c>update_add_htlc</c>.</param>
    public static bool TryPeel(
        PrivateKey nodeKey,
        ReadOnlySpan<byte> packet,
        ReadOnlySpan<byte> associatedData,
        [NotNullWhen(true)] out PeeledHop? hop,
        out OnionError error) =>
        TryPeel(nodeKey, packet, associatedData, pathKey: null, out hop, out error);

    /// <summary>
    /// Peels a layer inside a blinded route, where the sender encrypted it to our blinded node id. BOLT #4: "if
    /// `path_key` is specified: - Calculate the `blinding_ss` as ECDH(`path_key`, `node_privkey`)." then our key is
    /// multiplied by the HMAC256 of <c>blinding_ss</c> keyed with <c>blinded_node_id</c> before the shared secret is
    /// derived. A null
    /// <paramref name="pathKey"/> is ordinary peeling.
    /// </summary>
    public static bool TryPeel(
        PrivateKey nodeKey,
        ReadOnlySpan<byte> packet,
        ReadOnlySpan<byte> associatedData,
        PublicKey? pathKey,
        [NotNullWhen(true)] out PeeledHop? hop,
        out OnionError error)
    {
        ArgumentNullException.ThrowIfNull(nodeKey);
        if (pathKey is null)
            return TryPeelWith(nodeKey, packet, associatedData, out hop, out error);
        Span<byte> tweak = stackalloc byte[32];
        nodeKey.Ecdh(pathKey, tweak);
        HMACSHA256.HashData(BlindedNodeIdKey, tweak, tweak);
        using var blinded = nodeKey.TweakMul(tweak);
        return TryPeelWith(blinded, packet, associatedData, out hop, out error);
    }

    private static ReadOnlySpan<byte> BlindedNodeIdKey => "blinded_node_id"u8;

    private static bool TryPeelWith(
        PrivateKey nodeKey,
        ReadOnlySpan<byte> packet,
        ReadOnlySpan<byte> associatedData,
        [NotNullWhen(true)] out PeeledHop? hop,
        out OnionError error)
    {
        hop = null;
        var size = packet.Length - OnionPacket.OverheadLength;
        if (size <= 0)
        {
            error = OnionError.PacketTooShort;
            return false;
        }
        // BOLT #4: "if `version` is not 0:" the reader "MUST abort processing the packet and fail."
        if (packet[0] != OnionPacket.Version0)
        {
            error = OnionError.InvalidVersion;
            return false;
        }
        // BOLT #4: "if `public_key` is not a valid pubkey:" the reader "MUST abort processing the packet and fail."
        var publicKeyBytes = packet.Slice(OnionPacket.VersionLength, OnionPacket.PublicKeyLength);
        if (!PublicKey.TryParse(publicKeyBytes, out var publicKey))
        {
            error = OnionError.InvalidKey;
            return false;
        }
        var hopPayloads = packet.Slice(OnionPacket.VersionLength + OnionPacket.PublicKeyLength, size);
        var hmac = packet[^HmacLength..];

        // BOLT #4: "Derive the shared secret `ss` as ECDH(`public_key`, `node_privkey`)"
        Span<byte> secret = stackalloc byte[SharedSecret.Length];
        nodeKey.Ecdh(publicKey, secret);
        Span<byte> key = stackalloc byte[OnionKeys.Length];
        Span<byte> computed = stackalloc byte[HmacLength];

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(2 * size, size + associatedData.Length));
        try
        {
            // BOLT #4: "Derive the HMAC as $`HMAC256(mu, hop\_payloads || associated\_data)`$."
            hopPayloads.CopyTo(buffer);
            associatedData.CopyTo(buffer.AsSpan(size));
            OnionKeys.Derive(OnionKeys.Mu, secret, key);
            HMACSHA256.HashData(key, buffer.AsSpan(0, size + associatedData.Length), computed);
            // BOLT #4: "MUST use a constant time comparison of the computed HMAC and `hmac`."
            if (!CryptographicOperations.FixedTimeEquals(computed, hmac))
            {
                error = OnionError.InvalidHmac;
                return false;
            }

            // BOLT #4: "Derive `bytestream` of twice the length of `hop_payloads` using `rho`" and "Set
            // `unwrapped_payloads` to the XOR of `hop_payloads` and `bytestream`."
            var unwrapped = buffer.AsSpan(0, 2 * size);
            unwrapped[size..].Clear();
            OnionKeys.Derive(OnionKeys.Rho, secret, key);
            OnionKeys.XorStream(key, unwrapped);

            if (!TryReadFrame(unwrapped, size, out var payloadStart, out var payloadLength))
            {
                error = OnionError.MalformedPayload;
                return false;
            }
            var payload = unwrapped.Slice(payloadStart, payloadLength).ToArray();
            var nextHmac = unwrapped.Slice(payloadStart + payloadLength, HmacLength);
            var frame = payloadStart + payloadLength + HmacLength;
            var sharedSecret = SharedSecret.Create(secret);

            if (!nextHmac.ContainsAnyExcept((byte)0))
            {
                hop = new PeeledHop(payload, sharedSecret, nextPacket: null);
                error = OnionError.None;
                return true;
            }

            // BOLT #4: "Derive `blinding_tweak` as $`SHA256(public\_key || ss)`$"
            Span<byte> keyAndSecret = stackalloc byte[OnionPacket.PublicKeyLength + SharedSecret.Length];
            publicKeyBytes.CopyTo(keyAndSecret);
            secret.CopyTo(keyAndSecret[OnionPacket.PublicKeyLength..]);
            SHA256.HashData(keyAndSecret, key);
            // BOLT #4: "`public_key` set to the incoming `public_key` multiplied by `blinding_tweak`."
            if (!publicKey.TryTweakMul(key, out var nextKey))
            {
                error = OnionError.InvalidKey;
                return false;
            }
            var next = new byte[packet.Length];
            next[0] = OnionPacket.Version0;
            nextKey.Compressed.CopyTo(next.AsSpan(OnionPacket.VersionLength));
            // BOLT #4: "`hop_payloads` set to the `unwrapped_payloads`, truncated to the incoming `hop_payloads` size."
            unwrapped.Slice(frame, size).CopyTo(next.AsSpan(OnionPacket.VersionLength + OnionPacket.PublicKeyLength));
            // BOLT #4: "`hmac` set to `next_hmac`."
            nextHmac.CopyTo(next.AsSpan(next.Length - HmacLength));
            hop = new PeeledHop(payload, sharedSecret, OnionPacket.Wrap(next));
            error = OnionError.None;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>Locates <c>length ‖ payload ‖ next_hmac</c> at the front of the decrypted stream.</summary>
    private static bool TryReadFrame(ReadOnlySpan<byte> unwrapped, int size, out int payloadStart, out int payloadLength)
    {
        payloadStart = 0;
        payloadLength = 0;
        // BOLT #4: "Remove a `bigsize` from the front of `unwrapped_payloads` as `payload_length`.  If that is malformed:"
        if (!HopPayloadLength.TryRead(unwrapped, out var length, out var prefix))
            return false;
        // BOLT #4: "If the `payload_length` is less than two:"
        if (length < 2)
            return false;
        // BOLT #4: "If there are fewer than `payload_length` bytes remaining in `unwrapped_payloads`", "If there are
        // fewer than 32 bytes remaining", and "If `unwrapped_payloads` is smaller than `hop_payloads`": all three say
        // the frame must fit in the incoming hop_payloads size.
        var room = size - prefix - HmacLength;
        if (room < 0 || length > (ulong)room)
            return false;
        payloadStart = prefix;
        payloadLength = (int)length;
        return true;
    }
}
