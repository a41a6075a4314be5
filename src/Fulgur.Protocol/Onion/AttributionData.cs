using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Fulgur.Protocol.Onion;

/// <summary>
/// What the origin learned from <c>attribution_data</c>: the hold time each hop reported (in units of 100 ms, in route
/// order, for every hop whose HMAC verified) and, when one did not verify, the index of the first such hop; the
/// blame then falls on it or its upstream peer.
/// </summary>
public sealed record AttributionResult(IReadOnlyList<uint> HoldTimes, int? FirstInvalidIndex)
{
    public bool IsValid => FirstInvalidIndex is null;
}

/// <summary>
/// BOLT 4 attributable failures (<c>option_attribution_data</c>): the <c>attribution_data</c> TLV of
/// <c>update_fail_htlc</c> and <c>update_fulfill_htlc</c>, <c>[20*u32:htlc_hold_times][210*sha256[..4]:truncated_hmacs]</c>.
/// Each hop puts its hold time first, shifts the rest right, adds 20 truncated HMACs (one per possible distance from
/// the erring node) and obfuscates the whole with its <c>ammagext</c> stream.
/// </summary>
public static class AttributionData
{
    /// <summary>BOLT #4: "The size of the field is based on the maximum supported number of hops in a route (20)."</summary>
    public const int MaxHops = 20;

    public const int HoldTimesLength = MaxHops * sizeof(uint);

    /// <summary>BOLT #4: "This makes for a total number of HMACs of 20+19+18+...+1 = 210 HMACs."</summary>
    public const int HmacCount = MaxHops * (MaxHops + 1) / 2;

    /// <summary>BOLT #4: "Regular 32 byte HMACs are truncated to the first 4 bytes to save space."</summary>
    public const int TruncatedHmacLength = 4;

    public const int Length = HoldTimesLength + (HmacCount * TruncatedHmacLength);

    /// <summary>
    /// This hop's layer. <paramref name="downstream"/> is the <c>attribution_data</c> received from downstream, or
    /// empty for the erring (or final) node, which starts from zeros. <paramref name="returnPacket"/> is BOLT #4's "The
    /// return packet before applying the pseudo-random byte stream" (the erring node's cleartext, or the packet as
    /// received), or empty for <c>update_fulfill_htlc</c>, whose HMACs cover no failure message.
    /// </summary>
    public static byte[] Add(SharedSecret secret, ReadOnlySpan<byte> downstream, ReadOnlySpan<byte> returnPacket, uint holdTime)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!downstream.IsEmpty && downstream.Length != Length)
            throw new ArgumentException($"attribution_data is {Length} bytes", nameof(downstream));
        var data = new byte[Length];
        var holds = data.AsSpan(0, HoldTimesLength);
        var hmacs = data.AsSpan(HoldTimesLength);
        if (!downstream.IsEmpty)
        {
            // BOLT #4: "Shift all existing hold times to the right (4 bytes)."
            downstream[..(HoldTimesLength - sizeof(uint))].CopyTo(holds[sizeof(uint)..]);
            // BOLT #4: "The former `hmac_x'_y` now becomes `hmac_x+1_y`. The left-most HMAC for each hop is discarded."
            var old = downstream[HoldTimesLength..];
            for (var x = 0; x < MaxHops - 1; x++)
                old.Slice(Slot(x, MaxHops - 1 - x - 1), (MaxHops - 1 - x) * TruncatedHmacLength).CopyTo(hmacs[Slot(x + 1, MaxHops - 2 - x)..]);
        }
        // BOLT #4: "Put the node's hold time at the start of `htlc_hold_times`."
        BinaryPrimitives.WriteUInt32BigEndian(holds, holdTime);

        Span<byte> um = stackalloc byte[OnionKeys.Length];
        OnionKeys.Derive(OnionKeys.Um, secret.Span, um);
        // BOLT #4: "Calculate its own 20 truncated HMACs and put them at the start of `hmacs` in the newly opened slots."
        for (var y = 0; y < MaxHops; y++)
            ComputeHmac(um, returnPacket, holds, hmacs, y, hmacs.Slice(Slot(0, y), TruncatedHmacLength));

        Obfuscate(secret, data);
        return data;
    }

    /// <summary>
    /// The origin's check, hop by hop in route order. <paramref name="returnPacket"/> is the failure packet as the
    /// origin received it (its layers are peeled alongside), or empty for <c>update_fulfill_htlc</c>. For a failure,
    /// checking stops at the hop whose <c>um</c> HMAC claims the packet; for a success, at the last secret.
    /// </summary>
    public static AttributionResult Verify(ReadOnlySpan<byte> attributionData, ReadOnlySpan<byte> returnPacket, IReadOnlyList<SharedSecret> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var holdTimes = new List<uint>();
        if (attributionData.Length != Length)
            return new AttributionResult(holdTimes, 0);

        var data = attributionData.ToArray();
        var packet = returnPacket.ToArray();
        Span<byte> um = stackalloc byte[OnionKeys.Length];
        Span<byte> legacy = stackalloc byte[FailurePacket.HmacLength];
        Span<byte> computed = stackalloc byte[TruncatedHmacLength];
        var hops = Math.Min(secrets.Count, MaxHops);
        for (var i = 0; i < hops; i++)
        {
            var secret = secrets[i];
            Obfuscate(secret, data);
            if (packet.Length > 0)
                FailurePacket.Obfuscate(secret, packet);
            OnionKeys.Derive(OnionKeys.Um, secret.Span, um);

            // The origin does not know how far the erring node is, so it checks the HMAC that assumes the longest
            // route: the hop at index i is 19 − i hops from the end. BOLT #4: "The redundant HMACs will cover portions
            // of the zero-initialized data."
            var y = MaxHops - 1 - i;
            var holds = data.AsSpan(0, HoldTimesLength);
            var hmacs = data.AsSpan(HoldTimesLength);
            ComputeHmac(um, packet, holds, hmacs, y, computed);
            if (!CryptographicOperations.FixedTimeEquals(computed, hmacs.Slice(Slot(0, y), TruncatedHmacLength)))
                return new AttributionResult(holdTimes, i);
            holdTimes.Add(BinaryPrimitives.ReadUInt32BigEndian(holds));

            if (packet.Length > FailurePacket.HmacLength)
            {
                HMACSHA256.HashData(um, packet.AsSpan(FailurePacket.HmacLength), legacy);
                if (CryptographicOperations.FixedTimeEquals(legacy, packet.AsSpan(0, FailurePacket.HmacLength)))
                    break;
            }
            Unshift(data);
        }
        return new AttributionResult(holdTimes, null);
    }

    /// <summary>Undoes one hop's shift so the next hop's layer sits where that hop wrote it (pruned slots become zero).</summary>
    private static void Unshift(Span<byte> data)
    {
        var holds = data[..HoldTimesLength];
        holds[sizeof(uint)..].CopyTo(holds);
        holds[^sizeof(uint)..].Clear();
        var hmacs = data[HoldTimesLength..];
        for (var x = 1; x < MaxHops; x++)
        {
            var size = (MaxHops - x) * TruncatedHmacLength;
            var to = hmacs.Slice(Slot(x - 1, MaxHops - x), size + TruncatedHmacLength);
            hmacs.Slice(Slot(x, MaxHops - 1 - x), size).CopyTo(to[TruncatedHmacLength..]);
            to[..TruncatedHmacLength].Clear();
        }
    }

    /// <summary>
    /// <c>hmac_0_y</c>: BOLT #4: "The return packet before applying the pseudo-random byte stream.", then "The
    /// concatenation of the first `y+1` hold times in `htlc_hold_times`." and "The concatenation of `y` downstream hmacs
    /// that correspond to downstream node positions relative to `x`.", truncated to 4 bytes.
    /// </summary>
    private static void ComputeHmac(ReadOnlySpan<byte> um, ReadOnlySpan<byte> returnPacket, ReadOnlySpan<byte> holds,
        ReadOnlySpan<byte> hmacs, int y, Span<byte> truncated)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, um);
        hmac.AppendData(returnPacket);
        hmac.AppendData(holds[..((y + 1) * sizeof(uint))]);
        for (var k = 1; k <= y; k++)
            hmac.AppendData(hmacs.Slice(Slot(k, y - k), TruncatedHmacLength));
        Span<byte> full = stackalloc byte[32];
        hmac.GetHashAndReset(full);
        full[..TruncatedHmacLength].CopyTo(truncated);
    }

    /// <summary>
    /// Byte offset of <c>hmac_x_y</c> in <c>truncated_hmacs</c>. BOLT #4: "`hmac_0_2` | `hmac_0_1`| `hmac_0_0`|
    /// `hmac_1_1`| `hmac_1_0`| `hmac_2_0`": node x's block holds 20 − x HMACs, largest y first.
    /// </summary>
    private static int Slot(int x, int y) => ((x * MaxHops) - (x * (x - 1) / 2) + (MaxHops - 1 - x - y)) * TruncatedHmacLength;

    /// <summary>XORs the <c>ammagext</c> stream into the data (its own inverse).</summary>
    private static void Obfuscate(SharedSecret secret, Span<byte> data)
    {
        Span<byte> key = stackalloc byte[OnionKeys.Length];
        OnionKeys.Derive(OnionKeys.AmmagExt, secret.Span, key);
        OnionKeys.XorStream(key, data);
    }
}
