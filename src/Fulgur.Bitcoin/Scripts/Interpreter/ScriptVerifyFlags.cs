namespace Fulgur.Bitcoin.Scripts.Interpreter;

/// <summary>
/// Script verification flags, named as bitcoind's SCRIPT_VERIFY_* (script/interpreter.h). Consensus turns on a few;
/// relay policy adds the rest (<see cref="ScriptVerifyFlagSets"/>).
/// </summary>
[Flags]
#pragma warning disable CA1711 // "Flags" is the protocol's own word here.
public enum ScriptVerifyFlags
#pragma warning restore CA1711
{
    None = 0,

    /// <summary>BIP16 pay-to-script-hash.</summary>
    P2Sh = 1 << 0,

    /// <summary>Public keys must be compressed or uncompressed SEC encodings; hash types must be defined.</summary>
    StrictEnc = 1 << 1,

    /// <summary>BIP66 strict DER signatures.</summary>
    DerSig = 1 << 2,

    /// <summary>Signatures must have S ≤ n/2 (BIP62 rule 5).</summary>
    LowS = 1 << 3,

    /// <summary>BIP147: the extra CHECKMULTISIG stack element must be empty.</summary>
    NullDummy = 1 << 4,

    /// <summary>scriptSig must contain only pushes.</summary>
    SigPushOnly = 1 << 5,

    /// <summary>Pushes and script numbers must use their shortest encoding.</summary>
    MinimalData = 1 << 6,

    /// <summary>OP_NOP1 and OP_NOP4..10 fail instead of doing nothing.</summary>
    DiscourageUpgradableNops = 1 << 7,

    /// <summary>Exactly one element must remain on the stack (requires P2SH and WITNESS).</summary>
    CleanStack = 1 << 8,

    /// <summary>BIP65 OP_CHECKLOCKTIMEVERIFY.</summary>
    CheckLockTimeVerify = 1 << 9,

    /// <summary>BIP112 OP_CHECKSEQUENCEVERIFY.</summary>
    CheckSequenceVerify = 1 << 10,

    /// <summary>BIP141 segregated witness.</summary>
    Witness = 1 << 11,

    /// <summary>Spending an unknown witness version fails instead of succeeding.</summary>
    DiscourageUpgradableWitnessProgram = 1 << 12,

    /// <summary>The argument of OP_IF/OP_NOTIF in segwit v0 scripts must be empty or exactly 0x01.</summary>
    MinimalIf = 1 << 13,

    /// <summary>BIP146: a failing CHECKSIG/CHECKMULTISIG must have had only empty signatures.</summary>
    NullFail = 1 << 14,

    /// <summary>Segwit v0 scripts accept only compressed public keys.</summary>
    WitnessPubKeyType = 1 << 15,

    /// <summary>OP_CODESEPARATOR and FindAndDelete hits fail in legacy scripts.</summary>
    ConstScriptCode = 1 << 16,

    /// <summary>BIP341/342 taproot. Fulgur's interpreter does not validate taproot spends and reports them as unsupported.</summary>
    Taproot = 1 << 17,
}

/// <summary>The flag sets bitcoind applies.</summary>
public static class ScriptVerifyFlagSets
{
    /// <summary>Consensus rules in force on today's chains (bitcoind's block validation flags, without taproot).</summary>
    public const ScriptVerifyFlags Consensus =
        ScriptVerifyFlags.P2Sh | ScriptVerifyFlags.DerSig | ScriptVerifyFlags.NullDummy | ScriptVerifyFlags.CheckLockTimeVerify
        | ScriptVerifyFlags.CheckSequenceVerify | ScriptVerifyFlags.Witness;

    /// <summary>bitcoind's STANDARD_SCRIPT_VERIFY_FLAGS for mempool acceptance, without taproot.</summary>
    public const ScriptVerifyFlags Standard =
        Consensus | ScriptVerifyFlags.StrictEnc | ScriptVerifyFlags.MinimalData | ScriptVerifyFlags.DiscourageUpgradableNops
        | ScriptVerifyFlags.CleanStack | ScriptVerifyFlags.MinimalIf | ScriptVerifyFlags.NullFail | ScriptVerifyFlags.LowS
        | ScriptVerifyFlags.DiscourageUpgradableWitnessProgram | ScriptVerifyFlags.WitnessPubKeyType | ScriptVerifyFlags.ConstScriptCode;
}
