using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Security.Cryptography;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Onion;

/// <summary>
/// BOLT 4 "Packet Construction": wraps per-hop payloads into one Sphinx packet, last hop first, so that each hop can
/// peel exactly its own layer. Pure: the session key, route and associated data determine the packet.
/// </summary>
public static class SphinxBuilder
{
    private const int FrameHmacLength = 32;

    /// <summary>Builds the onion; throws <see cref="ArgumentException"/> if the route cannot be encoded (see <see cref="TryBuild"/>).</summary>
    public static SphinxBuildResult Build(
        PrivateKey sessionKey,
        IReadOnlyList<SphinxHop> hops,
        ReadOnlySpan<byte> associatedData,
        int hopPayloadsLength = OnionPacket.PaymentHopPayloadsLength) =>
        TryBuild(sessionKey, hops, associatedData, hopPayloadsLength, out var result, out var error)
            ? result
            : throw new ArgumentException($"cannot build the onion: {error}", nameof(hops));

    /// <param name="sessionKey">The random <c>sessionkey</c>: the first hop's ephemeral private key.</param>
    /// <param name="hops">The route after the origin, first hop first.</param>
    /// <param name="associatedData">What every HMAC commits to (the payment hash for payment onions).</param>
    /// <param name="hopPayloadsLength">1300 for payments; onion messages may use other sizes.</param>
    public static bool TryBuild(
        PrivateKey sessionKey,
        IReadOnlyList<SphinxHop> hops,
        ReadOnlySpan<byte> associatedData,
        int hopPayloadsLength,
        [NotNullWhen(true)] out SphinxBuildResult? result,
        out SphinxBuildError error)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        ArgumentNullException.ThrowIfNull(hops);
        result = null;
        if (hopPayloadsLength <= 0)
        {
            error = SphinxBuildError.InvalidPacketSize;
            return false;
        }
        if (hops.Count == 0)
        {
            error = SphinxBuildError.NoHops;
            return false;
        }

        var count = hops.Count;
        // BOLT #4: "`shift_size` is defined as the length of the `hop_payload` plus the bigsize encoding of the length
        // and the length of that HMAC."
        var frames = new int[count];
        var total = 0L;
        for (var i = 0; i < count; i++)
        {
            var length = hops[i].Payload.Length;
            // BOLT #4: "Since no `payload` TLV value can ever be shorter than 2 bytes, `length` values of 0 and 1 are reserved."
            if (length < 2)
            {
                error = SphinxBuildError.PayloadTooShort;
                return false;
            }
            frames[i] = HopPayloadLength.PrefixLength(length) + length + FrameHmacLength;
            total += frames[i];
        }
        if (total > hopPayloadsLength)
        {
            error = SphinxBuildError.PayloadsTooLarge;
            return false;
        }

        var secrets = DeriveSharedSecrets(sessionKey, hops);
        var packet = Wrap(sessionKey, hops, frames, secrets, associatedData, hopPayloadsLength);
        result = new SphinxBuildResult(packet, secrets);
        error = SphinxBuildError.None;
        return true;
    }

    /// <summary>
    /// The shared secret with each hop, in route order (what the origin needs to unwrap failures). BOLT #4: "The sender
    /// executes ECDH with the hop's public key and the ephemeral private key to obtain a curve point, which is hashed
    /// using `SHA256` to produce the shared secret `ss_k`."
    /// </summary>
    public static SharedSecret[] DeriveSharedSecrets(PrivateKey sessionKey, IReadOnlyList<SphinxHop> hops)
    {
        ArgumentNullException.ThrowIfNull(hops);
        return DeriveSharedSecrets(sessionKey, hops.Select(h => h.NodeId).ToArray());
    }

    /// <summary>The shared secrets for a route given by its node ids (what sendpay keeps per attempt).</summary>
    public static SharedSecret[] DeriveSharedSecrets(PrivateKey sessionKey, IReadOnlyList<PublicKey> route)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        ArgumentNullException.ThrowIfNull(route);
        var secrets = new SharedSecret[route.Count];
        Span<byte> secret = stackalloc byte[SharedSecret.Length];
        Span<byte> keyAndSecret = stackalloc byte[OnionPacket.PublicKeyLength + SharedSecret.Length];
        Span<byte> blindingFactor = stackalloc byte[32];
        var ephemeral = sessionKey;
        try
        {
            for (var i = 0; i < route.Count; i++)
            {
                ephemeral.Ecdh(route[i], secret);
                secrets[i] = SharedSecret.Create(secret);
                if (i == route.Count - 1)
                    break;
                // BOLT #4: "The blinding factor is the `SHA256` hash of the concatenation between the ephemeral public
                // key `epk_k` and the shared secret `ss_k`."
                ephemeral.PublicKey.Compressed.CopyTo(keyAndSecret);
                secret.CopyTo(keyAndSecret[OnionPacket.PublicKeyLength..]);
                SHA256.HashData(keyAndSecret, blindingFactor);
                // BOLT #4: "The ephemeral private key for the next hop `ek_{k+1}` is computed by multiplying the current
                // ephemeral private key `ek_k` by the blinding factor."
                var next = ephemeral.TweakMul(blindingFactor);
                if (!ReferenceEquals(ephemeral, sessionKey))
                    ephemeral.Dispose();
                ephemeral = next;
            }
        }
        finally
        {
            if (!ReferenceEquals(ephemeral, sessionKey))
                ephemeral.Dispose();
            CryptographicOperations.ZeroMemory(secret);
        }
        return secrets;
    }

    private static OnionPacket Wrap(
        PrivateKey sessionKey,
        IReadOnlyList<SphinxHop> hops,
        int[] frames,
        SharedSecret[] secrets,
        ReadOnlySpan<byte> associatedData,
        int size)
    {
        var count = hops.Count;
        var fillerLength = 0;
        for (var i = 0; i < count - 1; i++)
            fillerLength += frames[i];

        var work = ArrayPool<byte>.Shared.Rent(size + associatedData.Length);
        var filler = ArrayPool<byte>.Shared.Rent(Math.Max(fillerLength, 1));
        try
        {
            GenerateFiller(hops, frames, secrets, filler.AsSpan(0, fillerLength), size);

            // The HMAC covers hop_payloads || associated_data, so keep the associated data right behind the header.
            var header = work.AsSpan(0, size);
            var macInput = work.AsSpan(0, size + associatedData.Length);
            associatedData.CopyTo(work.AsSpan(size));

            Span<byte> rho = stackalloc byte[OnionKeys.Length];
            Span<byte> mu = stackalloc byte[OnionKeys.Length];
            Span<byte> hmac = stackalloc byte[OnionPacket.HmacLength];
            hmac.Clear();

            // BOLT #4: "The packet is initialized with 1300 _random_ bytes derived from a CSPRNG (ChaCha20). The _pad_
            // key referenced above is used to extract additional random bytes from a ChaCha20 stream"
            var sessionBytes = sessionKey.ToBytes();
            try
            {
                OnionKeys.Derive(OnionKeys.Pad, sessionBytes, rho);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(sessionBytes);
            }
            OnionKeys.Keystream(rho, header);

            // BOLT #4: "The packet construction is performed in the reverse order of the route, i.e. the last hop's
            // operations are applied first."
            for (var i = count - 1; i >= 0; i--)
            {
                OnionKeys.Derive(OnionKeys.Rho, secrets[i].Span, rho);
                OnionKeys.Derive(OnionKeys.Mu, secrets[i].Span, mu);
                var shift = frames[i];
                // BOLT #4: "The `hop_payload` field is right-shifted by `shift_size` bytes, discarding the last
                // `shift_size` bytes that exceed its 1300-byte size."
                header[..(size - shift)].CopyTo(header[shift..]);
                // BOLT #4: "The bigsize-serialized length, serialized `hop_payload` and `hmac` are copied into the
                // following `shift_size` bytes."
                var payload = hops[i].Payload.Span;
                var at = HopPayloadLength.Write(header, payload.Length);
                payload.CopyTo(header[at..]);
                hmac.CopyTo(header[(at + payload.Length)..]);
                // BOLT #4: "The _rho_-key is used to generate 1300 bytes of pseudo-random byte stream which is then
                // applied, with `XOR`, to the `hop_payloads` field."
                OnionKeys.XorStream(rho, header);
                // BOLT #4: "If this is the last hop, i.e. the first iteration, then the tail of the `hop_payloads`
                // field is overwritten with the routing information `filler`."
                if (i == count - 1)
                    filler.AsSpan(0, fillerLength).CopyTo(header[(size - fillerLength)..]);
                // BOLT #4: "The next HMAC is computed (with the _mu_-key as HMAC-key) over the concatenated
                // `hop_payloads` and associated data."
                HMACSHA256.HashData(mu, macInput, hmac);
            }

            return OnionPacket.Create(OnionPacket.Version0, sessionKey.PublicKey.Compressed, header, hmac);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(work, clearArray: true);
            ArrayPool<byte>.Shared.Return(filler, clearArray: true);
        }
    }

    /// <summary>
    /// BOLT 4 "Filler Generation": the bytes each intermediate hop will shift in (its zero padding, obfuscated by its
    /// rho stream), precomputed so that every hop's HMAC is over what that hop will really see. Only hops that forward
    /// contribute: BOLT #4: "The last hop need not obfuscate the `filler`, since it won't forward the packet any
    /// further and thus need not extract an HMAC either."
    /// </summary>
    private static void GenerateFiller(IReadOnlyList<SphinxHop> hops, int[] frames, SharedSecret[] secrets, Span<byte> filler, int size)
    {
        filler.Clear();
        if (filler.IsEmpty)
            return;
        Span<byte> rho = stackalloc byte[OnionKeys.Length];
        var stream = ArrayPool<byte>.Shared.Rent(2 * size);
        try
        {
            var filled = 0;
            for (var i = 0; i < hops.Count - 1; i++)
            {
                // Hop i deobfuscates hop_payloads ‖ 0^size with a 2·size stream; the filler so far sits at offsets
                // [size − filled, size) and the newly exposed zeros at [size, size + frame).
                var start = size - filled;
                var end = size + frames[i];
                var firstBlock = start / 64;
                OnionKeys.Derive(OnionKeys.Rho, secrets[i].Span, rho);
                var chunk = stream.AsSpan(0, end - (firstBlock * 64));
                OnionKeys.Keystream(rho, (uint)firstBlock, chunk);
                filled += frames[i];
                Xor(filler[..filled], chunk.Slice(start - (firstBlock * 64), filled));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(stream);
        }
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> stream)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<byte>.Count <= target.Length; i += Vector<byte>.Count)
                (new Vector<byte>(target[i..]) ^ new Vector<byte>(stream[i..])).CopyTo(target[i..]);
        }
        for (; i < target.Length; i++)
            target[i] ^= stream[i];
    }
}
