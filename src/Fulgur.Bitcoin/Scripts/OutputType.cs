namespace Fulgur.Bitcoin.Scripts;

/// <summary>bitcoind's TxoutType: what kind of output a scriptPubKey is (script/solver.cpp Solver).</summary>
public enum OutputType
{
    NonStandard,
    PubKey,
    PubKeyHash,
    ScriptHash,
    Multisig,
    NullData,
    WitnessV0KeyHash,
    WitnessV0ScriptHash,
    WitnessV1Taproot,
    WitnessUnknown,

    /// <summary>Pay-to-anchor, OP_1 &lt;0x4e73&gt; (bitcoind 28+).</summary>
    Anchor,
}

/// <summary>Classification of scriptPubKeys, with bitcoind's names for the RPC "type" field.</summary>
public static class OutputTypes
{
    /// <summary>
    /// bitcoind's Solver: witness programs first, then P2SH, OP_RETURN data, P2PK, P2PKH, and m-of-n bare multisig
    /// (1 ≤ m ≤ n ≤ 20, compressed or uncompressed keys); anything else is non-standard.
    /// </summary>
    public static OutputType Classify(Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        var bytes = scriptPubKey.Bytes;
        if (scriptPubKey.IsP2Sh)
            return OutputType.ScriptHash;
        if (scriptPubKey.TryGetWitnessProgram(out var version, out var program))
        {
            if (version == 0 && program.Length == 20)
                return OutputType.WitnessV0KeyHash;
            if (version == 0 && program.Length == 32)
                return OutputType.WitnessV0ScriptHash;
            if (version == 1 && program.Length == 32)
                return OutputType.WitnessV1Taproot;
            if (version == 1 && program.SequenceEqual((ReadOnlySpan<byte>)[0x4e, 0x73]))
                return OutputType.Anchor;
            return version != 0 ? OutputType.WitnessUnknown : OutputType.NonStandard;
        }
        if (scriptPubKey.IsOpReturn)
            return OutputType.NullData;
        if ((bytes.Length == 35 && bytes[0] == 33 && bytes[34] == (byte)Opcode.CheckSig && bytes[1] is 2 or 3)
            || (bytes.Length == 67 && bytes[0] == 65 && bytes[66] == (byte)Opcode.CheckSig && bytes[1] is 4 or 6 or 7))
            return OutputType.PubKey;
        if (scriptPubKey.IsP2Pkh)
            return OutputType.PubKeyHash;
        return IsMultisig(scriptPubKey) ? OutputType.Multisig : OutputType.NonStandard;
    }

    /// <summary>bitcoind's GetTxnOutputType names, as in decoderawtransaction's scriptPubKey.type.</summary>
    public static string CoreName(this OutputType type) => type switch
    {
        OutputType.PubKey => "pubkey",
        OutputType.PubKeyHash => "pubkeyhash",
        OutputType.ScriptHash => "scripthash",
        OutputType.Multisig => "multisig",
        OutputType.NullData => "nulldata",
        OutputType.WitnessV0KeyHash => "witness_v0_keyhash",
        OutputType.WitnessV0ScriptHash => "witness_v0_scripthash",
        OutputType.WitnessV1Taproot => "witness_v1_taproot",
        OutputType.WitnessUnknown => "witness_unknown",
        OutputType.Anchor => "anchor",
        _ => "nonstandard",
    };

    /// <summary>OP_m &lt;key&gt;… OP_n OP_CHECKMULTISIG with n keys, 1 ≤ m ≤ n, each key a well-sized SEC encoding.</summary>
    public static bool IsMultisig(Script scriptPubKey) => TryGetMultisig(scriptPubKey, out _, out _);

    public static bool TryGetMultisig(Script scriptPubKey, out int required, out int keys)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        required = keys = 0;
        if (!scriptPubKey.TryGetOps(out var ops, out _) || ops.Count < 4 || ops[^1].Opcode != Opcode.CheckMultiSig)
            return false;
        if (ops[0].SmallInteger is not { } m || ops[^2].SmallInteger is not { } n || m < 1 || n < m || ops.Count != n + 3)
            return false;
        for (var i = 1; i <= n; i++)
        {
            // CPubKey::ValidSize: the header byte fixes the length.
            var key = ops[i].Push.Span;
            var valid = key.Length switch
            {
                33 => key[0] is 2 or 3,
                65 => key[0] is 4 or 6 or 7,
                _ => false,
            };
            if (!ops[i].IsDataPush || !valid)
                return false;
        }
        required = m;
        keys = n;
        return true;
    }
}
