using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Scripts;

namespace Fulgur.Bitcoin.Addresses;

/// <summary>
/// Converts between addresses and the scriptPubKeys they stand for: segwit addresses (BIP173 bech32 for witness
/// version 0, BIP350 bech32m for version 1 and above) and the legacy Base58Check P2PKH/P2SH forms.
/// </summary>
public static class Address
{
    /// <summary>
    /// Parses an address for <paramref name="network"/>. An address of another network is refused with a reason that
    /// names it (tb1… on bitcoin, bc1… on regtest, and so on), as are bad checksums, wrong checksum variants and
    /// programs of the wrong length.
    /// </summary>
    public static bool TryParse(
        string text, Network network, [NotNullWhen(true)] out Script? scriptPubKey, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(network);
        scriptPubKey = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "empty address";
            return false;
        }
        var separator = text.LastIndexOf('1');
        var looksSegwit = separator > 0 && Network.All.Any(n => text.AsSpan(0, separator).Equals(n.Bech32Hrp, StringComparison.OrdinalIgnoreCase));
        if (looksSegwit)
        {
            if (!TryDecodeSegwit(text, out var hrp, out var version, out var program, out error))
                return false;
            if (!string.Equals(hrp, network.Bech32Hrp, StringComparison.Ordinal))
            {
                error = $"address is for {DescribeHrp(hrp)}, not {network.Name}";
                return false;
            }
            scriptPubKey = StandardScripts.WitnessProgram(version, program);
            return true;
        }

        if (!Base58.TryDecodeCheck(text, out var payload, out var base58Error))
        {
            error = separator > 0 ? $"not a valid address (unknown prefix '{text[..separator]}', {base58Error})" : base58Error;
            return false;
        }
        if (payload.Length != 21)
        {
            error = $"base58 payload is {payload.Length} bytes, expected 21";
            return false;
        }
        var prefix = payload[0];
        if (prefix == network.P2PkhPrefix)
        {
            scriptPubKey = StandardScripts.P2PkhFromHash(payload.AsSpan(1));
        }
        else if (prefix == network.P2ShPrefix)
        {
            scriptPubKey = StandardScripts.P2ShFromHash(payload.AsSpan(1));
        }
        else
        {
            var owner = Network.All.FirstOrDefault(n => n.P2PkhPrefix == prefix || n.P2ShPrefix == prefix);
            error = owner is null
                ? $"unknown base58 address version {prefix}"
                : $"address is for {(owner == Network.Bitcoin ? "bitcoin" : "testnet/signet/regtest")}, not {network.Name}";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>
    /// The address of <paramref name="scriptPubKey"/> on <paramref name="network"/>: segwit outputs as bech32/bech32m,
    /// P2PKH and P2SH in Base58Check. False for scripts with no address form (bare multisig, OP_RETURN, nonstandard).
    /// </summary>
    public static bool TryFormat(Script scriptPubKey, Network network, [NotNullWhen(true)] out string? address)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        ArgumentNullException.ThrowIfNull(network);
        address = null;
        if (scriptPubKey.TryGetWitnessProgram(out var version, out var program))
        {
            // BIP141: a version 0 program is 20 or 32 bytes; anything else cannot be spent, so refuse to name it.
            if (version == 0 && program.Length != 20 && program.Length != 32)
                return false;
            address = EncodeSegwit(network.Bech32Hrp, version, program);
            return true;
        }
        Span<byte> payload = stackalloc byte[21];
        if (scriptPubKey.IsP2Pkh)
        {
            payload[0] = network.P2PkhPrefix;
            scriptPubKey.Bytes.Slice(3, 20).CopyTo(payload[1..]);
        }
        else if (scriptPubKey.IsP2Sh)
        {
            payload[0] = network.P2ShPrefix;
            scriptPubKey.Bytes.Slice(2, 20).CopyTo(payload[1..]);
        }
        else
        {
            return false;
        }
        address = Base58.EncodeCheck(payload);
        return true;
    }

    /// <summary>The address of a script, or an exception if it has none.</summary>
    public static string Format(Script scriptPubKey, Network network) =>
        TryFormat(scriptPubKey, network, out var address) ? address : throw new ArgumentException("script has no address form", nameof(scriptPubKey));

    /// <summary>
    /// BIP350: "For version 0 witness addresses, use the bech32 checksum"; "for version 1 and higher, use bech32m".
    /// The program goes through 8→5 bit conversion after the version value.
    /// </summary>
    public static string EncodeSegwit(string hrp, int version, ReadOnlySpan<byte> program)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, 16);
        if (!Bech32.TryConvertBits(program, 8, 5, pad: true, out var data))
            throw new ArgumentException("cannot convert program", nameof(program));
        return Bech32.Encode(hrp, [(byte)version, .. data], version == 0 ? Bech32Variant.Bech32 : Bech32Variant.Bech32m);
    }

    /// <summary>
    /// Decodes a segwit address and applies BIP173/BIP350's rules: at most 90 characters, one case, a valid checksum
    /// of the variant the version demands, version 0–16, program 2–40 bytes (20 or 32 for version 0), and padding
    /// of at most 4 zero bits.
    /// </summary>
    public static bool TryDecodeSegwit(
        string text, [NotNullWhen(true)] out string? hrp, out int version, [NotNullWhen(true)] out byte[]? program,
        [NotNullWhen(false)] out string? error)
    {
        version = -1;
        program = null;
        if (!Bech32.TryDecode(text, Bech32.MaxLength, out hrp, out var data, out var variant, out error))
            return false;
        if (data.Length < 1)
            return Fail("empty data section", out hrp, out error);
        version = data[0];
        if (version > 16)
            return Fail($"invalid witness version {version}", out hrp, out error);
        // BIP350: "Decoders SHOULD reject addresses with witness version 0 using bech32m, or 1+ using bech32."
        if ((version == 0) != (variant == Bech32Variant.Bech32))
            return Fail(version == 0 ? "witness version 0 must use bech32, not bech32m" : "witness version 1+ must use bech32m, not bech32", out hrp, out error);
        if (!Bech32.TryConvertBits(data.AsSpan(1), 5, 8, pad: false, out program))
            return Fail("invalid padding in the witness program", out hrp, out error);
        if (program.Length < 2 || program.Length > 40)
            return Fail($"witness program of {program.Length} bytes (must be 2 to 40)", out hrp, out error);
        if (version == 0 && program.Length != 20 && program.Length != 32)
            return Fail($"version 0 witness program of {program.Length} bytes (must be 20 or 32)", out hrp, out error);
        return true;
    }

    private static string DescribeHrp(string hrp) => hrp switch
    {
        "bc" => "bitcoin",
        "tb" => "testnet/signet",
        "bcrt" => "regtest",
        _ => $"hrp '{hrp}'",
    };

    private static bool Fail(string message, out string? hrp, out string error)
    {
        hrp = null;
        error = message;
        return false;
    }
}
