using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Scripts;

/// <summary>The standard output scripts (scriptPubKeys) and the script codes signatures commit to.</summary>
public static class StandardScripts
{
    /// <summary>BIP141 P2WPKH: OP_0 &lt;HASH160(compressed pubkey)&gt;.</summary>
    public static Script P2Wpkh(PublicKey key) => P2WpkhFromHash(Hash160.Hash(key.Compressed));

    public static Script P2WpkhFromHash(ReadOnlySpan<byte> keyHash20) => WitnessProgram(0, Require(keyHash20, 20, nameof(keyHash20)));

    /// <summary>BIP141 P2WSH: OP_0 &lt;SHA256(witness script)&gt;.</summary>
    public static Script P2Wsh(Script witnessScript) => P2WshFromHash(Sha256.Hash(witnessScript.Bytes));

    public static Script P2WshFromHash(ReadOnlySpan<byte> scriptHash32) => WitnessProgram(0, Require(scriptHash32, 32, nameof(scriptHash32)));

    /// <summary>BIP341 P2TR output: OP_1 &lt;32-byte x-only output key&gt;. Fulgur does not spend taproot outputs; this is for addresses.</summary>
    public static Script P2Tr(ReadOnlySpan<byte> outputKey32) => WitnessProgram(1, Require(outputKey32, 32, nameof(outputKey32)));

    /// <summary>
    /// Any witness program: OP_version &lt;program&gt; (BIP141: version 0–16, program 2–40 bytes).
    /// </summary>
    public static Script WitnessProgram(int version, ReadOnlySpan<byte> program)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, 16);
        if (program.Length < 2 || program.Length > 40)
            throw new ArgumentException("a witness program is 2 to 40 bytes", nameof(program));
        var bytes = new byte[2 + program.Length];
        bytes[0] = version == 0 ? (byte)Opcode.Op0 : (byte)((byte)Opcode.Op1 + version - 1);
        bytes[1] = (byte)program.Length;
        program.CopyTo(bytes.AsSpan(2));
        return Script.Wrap(bytes);
    }

    /// <summary>P2PKH: OP_DUP OP_HASH160 &lt;20&gt; OP_EQUALVERIFY OP_CHECKSIG.</summary>
    public static Script P2Pkh(PublicKey key) => P2PkhFromHash(Hash160.Hash(key.Compressed));

    public static Script P2PkhFromHash(ReadOnlySpan<byte> keyHash20) =>
        new ScriptBuilder().Op(Opcode.Dup).Op(Opcode.Hash160).PushRaw(Require(keyHash20, 20, nameof(keyHash20)))
            .Op(Opcode.EqualVerify).Op(Opcode.CheckSig).ToScript();

    /// <summary>BIP16 P2SH: OP_HASH160 &lt;HASH160(redeem script)&gt; OP_EQUAL.</summary>
    public static Script P2Sh(Script redeemScript) => P2ShFromHash(Hash160.Hash(redeemScript.Bytes));

    public static Script P2ShFromHash(ReadOnlySpan<byte> scriptHash20) =>
        new ScriptBuilder().Op(Opcode.Hash160).PushRaw(Require(scriptHash20, 20, nameof(scriptHash20))).Op(Opcode.Equal).ToScript();

    /// <summary>An OP_RETURN output carrying <paramref name="data"/> (one push; bitcoind relays up to its datacarrier limit).</summary>
    public static Script OpReturn(ReadOnlySpan<byte> data) => new ScriptBuilder().Op(Opcode.Return).PushRaw(data).ToScript();

    /// <summary>
    /// BIP143: "For P2WPKH witness program, the scriptCode is 0x1976a914{20-byte-pubkey-hash}88ac." (Here without the
    /// length byte, which the sighash serializer adds.)
    /// </summary>
    public static Script P2WpkhScriptCode(ReadOnlySpan<byte> keyHash20) => P2PkhFromHash(keyHash20);

    /// <summary>m-of-n OP_CHECKMULTISIG with the keys in the given order (BOLT 3 funding scripts sort them first).</summary>
    public static Script Multisig(int required, IReadOnlyList<PublicKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count is < 1 or > 16 || required < 1 || required > keys.Count)
            throw new ArgumentOutOfRangeException(nameof(required), "need 1 ≤ m ≤ n ≤ 16");
        var builder = new ScriptBuilder().Push(required);
        foreach (var key in keys)
            builder.Push(key);
        return builder.Push(keys.Count).Op(Opcode.CheckMultiSig).ToScript();
    }

    private static ReadOnlySpan<byte> Require(ReadOnlySpan<byte> bytes, int length, string name) =>
        bytes.Length == length ? bytes : throw new ArgumentException($"expected {length} bytes", name);
}
