using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Invoices;

/// <summary>
/// An <c>f</c> field: an on-chain address to pay if the Lightning payment fails. BOLT #11: "for Bitcoin, this starts with
/// a 5-bit `version` and contains a witness program or P2PKH or P2SH address." Versions 0–16 are witness versions,
/// 17 a P2PKH key hash, 18 a P2SH script hash.
/// </summary>
public sealed record FallbackAddress
{
    public const byte P2PkhVersion = 17;
    public const byte P2ShVersion = 18;

    private FallbackAddress(byte version, ByteVector program)
    {
        Version = version;
        Program = program;
    }

    /// <summary>0–16: witness version; 17: P2PKH; 18: P2SH.</summary>
    public byte Version { get; }

    /// <summary>The witness program, or the 20-byte hash of a P2PKH/P2SH address.</summary>
    public ByteVector Program { get; }

    /// <summary>
    /// BOLT #11: "MUST set an `f` field to a valid witness version and program, OR to `17` followed by a public key hash,
    /// OR to `18` followed by a script hash."
    /// </summary>
    public static bool TryCreate(byte version, ReadOnlySpan<byte> program, [NotNullWhen(true)] out FallbackAddress? fallback,
        [NotNullWhen(false)] out string? error)
    {
        fallback = null;
        error = version switch
        {
            P2PkhVersion or P2ShVersion when program.Length != 20 => $"a version {version} fallback holds a 20-byte hash, not {program.Length} bytes",
            0 when program.Length is not (20 or 32) => $"a version 0 witness program is 20 or 32 bytes, not {program.Length}",
            > 0 and <= 16 when program.Length is < 2 or > 40 => $"a witness program is 2 to 40 bytes, not {program.Length}",
            > P2ShVersion => $"version {version} is not a known fallback version",
            _ => null,
        };
        if (error is not null)
            return false;
        fallback = new FallbackAddress(version, new ByteVector(program));
        return true;
    }

    /// <summary>The fallback paying to <paramref name="scriptPubKey"/>, if it is a witness program, P2PKH or P2SH.</summary>
    public static bool TryFromScript(Script scriptPubKey, [NotNullWhen(true)] out FallbackAddress? fallback)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        fallback = null;
        if (scriptPubKey.TryGetWitnessProgram(out var version, out var program))
            return TryCreate((byte)version, program, out fallback, out _);
        if (scriptPubKey.IsP2Pkh)
            return TryCreate(P2PkhVersion, scriptPubKey.Bytes.Slice(3, 20), out fallback, out _);
        if (scriptPubKey.IsP2Sh)
            return TryCreate(P2ShVersion, scriptPubKey.Bytes.Slice(2, 20), out fallback, out _);
        return false;
    }

    /// <summary>Parses an address of <paramref name="network"/> (bech32, bech32m or Base58Check).</summary>
    public static bool TryParse(string address, Network network, [NotNullWhen(true)] out FallbackAddress? fallback,
        [NotNullWhen(false)] out string? error)
    {
        fallback = null;
        if (!Address.TryParse(address, network, out var script, out error))
            return false;
        if (TryFromScript(script, out fallback))
            return true;
        error = "the address has no fallback form";
        return false;
    }

    /// <summary>The output script this fallback pays to.</summary>
    public Script ToScriptPubKey() => Version switch
    {
        P2PkhVersion => StandardScripts.P2PkhFromHash(Program.Span),
        P2ShVersion => StandardScripts.P2ShFromHash(Program.Span),
        _ => StandardScripts.WitnessProgram(Version, Program.Span),
    };

    /// <summary>The address on <paramref name="network"/>, as <c>decodepay</c> shows it.</summary>
    public bool TryFormat(Network network, [NotNullWhen(true)] out string? address) =>
        Address.TryFormat(ToScriptPubKey(), network, out address);

    internal TaggedField ToField()
    {
        var words = new List<byte> { Version };
        words.AddRange(InvoiceWords.FromBytes(Program.Span));
        return new TaggedField(InvoiceFieldType.FallbackAddress, ByteVector.TakeOwnership([.. words]));
    }

    public override string ToString() => $"v{Version}:{Program.ToHex()}";
}
