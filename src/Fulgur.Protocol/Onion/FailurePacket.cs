using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Fulgur.Protocol.Onion;

/// <summary>
/// A failure the origin has unwrapped: which hop wrote it (0 = the first hop after the origin, the index into the
/// shared secrets) and its <c>failuremsg</c> bytes (decode them with <see cref="FailureMessage.TryRead"/>).
/// </summary>
public sealed record UnwrappedFailure(int ErringIndex, byte[] Message);

/// <summary>A return packet (the <c>reason</c> of <c>update_fail_htlc</c>) with its <c>attribution_data</c>.</summary>
public sealed record AttributedFailurePacket(byte[] Packet, byte[] AttributionData);

/// <summary>
/// BOLT 4 "Returning Errors": the return packet <c>hmac ‖ failure_len ‖ failuremsg ‖ pad_len ‖ pad</c>, created by the
/// erring node, re-obfuscated by every hop on the way back, and unwrapped by the origin with the shared secrets it
/// kept from building the onion.
/// </summary>
public static class FailurePacket
{
    public const int HmacLength = 32;

    /// <summary>BOLT #4: "MUST set `pad` such that the `failure_len` plus `pad_len` is at least 256."</summary>
    public const int MinimumPaddedLength = 256;

    /// <summary>The smallest packet a compliant erring node can produce: HMAC, two lengths and 256 bytes.</summary>
    public const int MinimumLength = HmacLength + 2 + 2 + MinimumPaddedLength;

    /// <summary>BOLT #4: "SHOULD continue decrypting, until the loop has been repeated 27 times"</summary>
    public const int DecryptionRounds = 27;

    private const int FramingLength = HmacLength + 2 + 2;

    /// <summary>
    /// The erring node's packet for <paramref name="failureMessage"/> (a <c>failure_code</c> and its data), padded so
    /// that <c>failure_len + pad_len</c> is <paramref name="paddedLength"/> (BOLT #4: "SHOULD set `pad` such that the
    /// `failure_len` plus `pad_len` is equal to 256."); a longer message gets no padding.
    /// </summary>
    public static byte[] Create(SharedSecret secret, ReadOnlySpan<byte> failureMessage, int paddedLength = MinimumPaddedLength)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (paddedLength < MinimumPaddedLength || paddedLength > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(paddedLength), paddedLength, "failure_len + pad_len is at least 256");
        if (failureMessage.Length > ushort.MaxValue)
            throw new ArgumentException("failuremsg does not fit a u16 length", nameof(failureMessage));
        var padLength = Math.Max(0, paddedLength - failureMessage.Length);
        var packet = new byte[FramingLength + failureMessage.Length + padLength];

        var body = packet.AsSpan(HmacLength);
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)failureMessage.Length);
        failureMessage.CopyTo(body[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(body[(2 + failureMessage.Length)..], (ushort)padLength);
        // The pad is zeros (the array is fresh); BOLT 4 leaves its content open and the vectors use zeros.

        // BOLT #4: "Where `hmac` is an HMAC authenticating the remainder of the packet, with a key generated using the
        // above process, with key type `um`"
        Span<byte> key = stackalloc byte[OnionKeys.Length];
        OnionKeys.Derive(OnionKeys.Um, secret.Span, key);
        HMACSHA256.HashData(key, body, packet.AsSpan(0, HmacLength));
        // BOLT #4: "The erring node then generates a new key, using the key type `ammag`."
        Obfuscate(secret, packet);
        return packet;
    }

    /// <summary>The erring node's packet for a typed failure.</summary>
    public static byte[] Create(SharedSecret secret, FailureMessage failure, int paddedLength = MinimumPaddedLength)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return Create(secret, failure.ToArray(), paddedLength);
    }

    /// <summary>
    /// An intermediate hop's step on the way back. BOLT #4: "Generate the node's `ammag` key, generate the pseudo-random
    /// byte streams, and apply the result to obfuscate the return packet."
    /// </summary>
    public static byte[] Forward(SharedSecret secret, ReadOnlySpan<byte> packet)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var result = packet.ToArray();
        Obfuscate(secret, result);
        return result;
    }

    /// <summary>
    /// As <see cref="Create(SharedSecret, ReadOnlySpan{byte}, int)"/>, with the erring node's
    /// <c>attribution_data</c>: BOLT #4: "The erring node puts its hold time at the start of this array and zeroes out
    /// the rest." <paramref name="holdTime"/> is in units of 100 ms.
    /// </summary>
    public static AttributedFailurePacket CreateAttributed(SharedSecret secret, ReadOnlySpan<byte> failureMessage, uint holdTime,
        int paddedLength = MinimumPaddedLength)
    {
        var packet = Create(secret, failureMessage, paddedLength);
        var cleartext = (byte[])packet.Clone();
        Obfuscate(secret, cleartext);
        return new AttributedFailurePacket(packet, AttributionData.Add(secret, [], cleartext, holdTime));
    }

    /// <summary>The erring node's attributed packet for a typed failure.</summary>
    public static AttributedFailurePacket CreateAttributed(SharedSecret secret, FailureMessage failure, uint holdTime,
        int paddedLength = MinimumPaddedLength)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return CreateAttributed(secret, failure.ToArray(), holdTime, paddedLength);
    }

    /// <summary>
    /// As <see cref="Forward"/>, updating <c>attribution_data</c> too. BOLT #4: "if `attribution_data` is received from
    /// downstream: - MUST transform `attribution_data` as described above - otherwise: - MUST instantiate an all-zeroes
    /// `attribution_data` block" (data of the wrong size counts as not received).
    /// </summary>
    public static AttributedFailurePacket ForwardAttributed(SharedSecret secret, ReadOnlySpan<byte> packet, ReadOnlySpan<byte> attributionData,
        uint holdTime)
    {
        var received = attributionData.Length == AttributionData.Length ? attributionData : [];
        var attribution = AttributionData.Add(secret, received, packet, holdTime);
        return new AttributedFailurePacket(Forward(secret, packet), attribution);
    }

    /// <summary>
    /// <see cref="TryUnwrap(ReadOnlySpan{byte}, IReadOnlyList{SharedSecret}, out UnwrappedFailure?)"/> plus the check of
    /// <c>attribution_data</c>. BOLT #4: "When the failure source cannot be identified from the return packet AND
    /// `attribution_data` is present: - SHOULD use `attribution_data` to identify the failure source"
    /// </summary>
    public static bool TryUnwrap(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> attributionData, IReadOnlyList<SharedSecret> secrets,
        [NotNullWhen(true)] out UnwrappedFailure? failure, out AttributionResult attribution)
    {
        attribution = AttributionData.Verify(attributionData, packet, secrets);
        return TryUnwrap(packet, secrets, out failure);
    }

    /// <summary>XORs the <c>ammag</c> stream of <paramref name="secret"/> into <paramref name="packet"/> (its own inverse).</summary>
    public static void Obfuscate(SharedSecret secret, Span<byte> packet)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> key = stackalloc byte[OnionKeys.Length];
        OnionKeys.Derive(OnionKeys.Ammag, secret.Span, key);
        OnionKeys.XorStream(key, packet);
    }

    /// <summary>
    /// The origin's side (BOLT 4 "Origin node"): peels one <c>ammag</c> layer per hop, in route order, until the
    /// <c>um</c> HMAC of a hop matches; that hop wrote the failure. False when no hop's HMAC matches or the matching
    /// packet's <c>failure_len</c> overruns it: the reply is unparseable. Never throws on the packet's content.
    /// </summary>
    public static bool TryUnwrap(ReadOnlySpan<byte> packet, IReadOnlyList<SharedSecret> secrets, [NotNullWhen(true)] out UnwrappedFailure? failure)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        failure = null;
        if (packet.Length < FramingLength || secrets.Count == 0)
            return false;

        var buffer = ArrayPool<byte>.Shared.Rent(packet.Length);
        try
        {
            var work = buffer.AsSpan(0, packet.Length);
            packet.CopyTo(work);
            Span<byte> ammag = stackalloc byte[OnionKeys.Length];
            Span<byte> um = stackalloc byte[OnionKeys.Length];
            Span<byte> computed = stackalloc byte[HmacLength];
            Span<byte> constantSecret = stackalloc byte[SharedSecret.Length];
            constantSecret.Clear();

            var erring = -1;
            byte[]? message = null;
            // BOLT #4: "SHOULD continue decrypting, until the loop has been repeated 27 times (maximum route length of
            // tlv payload type)." and "SHOULD use constant `ammag` and `um` keys to obfuscate the route length."
            var rounds = Math.Max(DecryptionRounds, secrets.Count);
            for (var i = 0; i < rounds; i++)
            {
                var live = erring < 0 && i < secrets.Count;
                var secret = live ? secrets[i].Span : constantSecret;
                OnionKeys.Derive(OnionKeys.Ammag, secret, ammag);
                OnionKeys.Derive(OnionKeys.Um, secret, um);
                OnionKeys.XorStream(ammag, work);
                HMACSHA256.HashData(um, work[HmacLength..], computed);
                var matches = CryptographicOperations.FixedTimeEquals(computed, work[..HmacLength]);
                if (live && matches)
                {
                    erring = i;
                    message = TryReadMessage(work);
                }
            }
            if (erring < 0 || message is null)
                return false;
            failure = new UnwrappedFailure(erring, message);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private static byte[]? TryReadMessage(ReadOnlySpan<byte> plain)
    {
        var body = plain[HmacLength..];
        if (body.Length < 2)
            return null;
        var length = BinaryPrimitives.ReadUInt16BigEndian(body);
        return body.Length - 2 < length ? null : body.Slice(2, length).ToArray();
    }
}
