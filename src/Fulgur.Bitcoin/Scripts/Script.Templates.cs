namespace Fulgur.Bitcoin.Scripts;

/// <summary>Recognition of the standard output templates (bitcoind's Solver, script/solver.cpp).</summary>
public sealed partial class Script
{
    /// <summary>
    /// BIP141: "A scriptPubKey (or redeemScript as defined in BIP16/P2SH) that consists of a 1-byte push opcode (for
    /// 0 to 16) followed by a data push between 2 and 40 bytes gets a new special meaning."
    /// </summary>
    public bool TryGetWitnessProgram(out int version, out ReadOnlySpan<byte> program)
    {
        version = -1;
        program = default;
        var b = _bytes;
        if (b.Length < 4 || b.Length > 42)
            return false;
        if (b[0] != (byte)Opcode.Op0 && (b[0] < (byte)Opcode.Op1 || b[0] > (byte)Opcode.Op16))
            return false;
        if (b[1] + 2 != b.Length)
            return false;
        version = b[0] == 0 ? 0 : b[0] - (byte)Opcode.Op1 + 1;
        program = b.AsSpan(2);
        return true;
    }

    public bool IsWitnessProgram => TryGetWitnessProgram(out _, out _);

    /// <summary>OP_0 &lt;20 bytes&gt;.</summary>
    public bool IsP2Wpkh => _bytes.Length == 22 && _bytes[0] == 0 && _bytes[1] == 20;

    /// <summary>OP_0 &lt;32 bytes&gt;.</summary>
    public bool IsP2Wsh => _bytes.Length == 34 && _bytes[0] == 0 && _bytes[1] == 32;

    /// <summary>OP_1 &lt;32 bytes&gt; (BIP341).</summary>
    public bool IsP2Tr => _bytes.Length == 34 && _bytes[0] == (byte)Opcode.Op1 && _bytes[1] == 32;

    /// <summary>OP_DUP OP_HASH160 &lt;20 bytes&gt; OP_EQUALVERIFY OP_CHECKSIG.</summary>
    public bool IsP2Pkh =>
        _bytes.Length == 25 && _bytes[0] == (byte)Opcode.Dup && _bytes[1] == (byte)Opcode.Hash160 && _bytes[2] == 20
        && _bytes[23] == (byte)Opcode.EqualVerify && _bytes[24] == (byte)Opcode.CheckSig;

    /// <summary>BIP16: OP_HASH160 &lt;20 bytes&gt; OP_EQUAL, matched byte for byte.</summary>
    public bool IsP2Sh =>
        _bytes.Length == 23 && _bytes[0] == (byte)Opcode.Hash160 && _bytes[1] == 20 && _bytes[22] == (byte)Opcode.Equal;

    /// <summary>An OP_RETURN output followed only by pushes (bitcoind's TxoutType::NULL_DATA, without the size policy).</summary>
    public bool IsOpReturn =>
        _bytes.Length >= 1 && _bytes[0] == (byte)Opcode.Return && FromBytes(_bytes.AsSpan(1)).IsPushOnly();

    /// <summary>The 20-byte key hash of a P2PKH or P2WPKH output.</summary>
    public bool TryGetKeyHash(out ReadOnlySpan<byte> hash160)
    {
        hash160 = IsP2Pkh ? _bytes.AsSpan(3, 20) : IsP2Wpkh ? _bytes.AsSpan(2, 20) : default;
        return !hash160.IsEmpty;
    }

    /// <summary>The 20-byte script hash of a P2SH output.</summary>
    public bool TryGetScriptHash(out ReadOnlySpan<byte> hash160)
    {
        hash160 = IsP2Sh ? _bytes.AsSpan(2, 20) : default;
        return !hash160.IsEmpty;
    }
}
