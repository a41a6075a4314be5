namespace Fulgur.Bitcoin.Scripts.Interpreter;

/// <summary>Why a script failed, as bitcoind's ScriptError_t (script/script_error.h).</summary>
public enum ScriptError
{
    Ok = 0,
    UnknownError,
    EvalFalse,
    OpReturn,

    // Limits
    ScriptSize,
    PushSize,
    OpCount,
    StackSize,
    SigCount,
    PubKeyCount,

    // Failed verify operations
    Verify,
    EqualVerify,
    CheckMultiSigVerify,
    CheckSigVerify,
    NumEqualVerify,

    // Logical and script errors
    BadOpcode,
    DisabledOpcode,
    InvalidStackOperation,
    InvalidAltStackOperation,
    UnbalancedConditional,

    // CHECKLOCKTIMEVERIFY and CHECKSEQUENCEVERIFY
    NegativeLockTime,
    UnsatisfiedLockTime,

    // Malleability
    SigHashType,
    SigDer,
    MinimalData,
    SigPushOnly,
    SigHighS,
    SigNullDummy,
    PubKeyType,
    CleanStack,
    MinimalIf,
    SigNullFail,

    // Softfork safeness
    DiscourageUpgradableNops,
    DiscourageUpgradableWitnessProgram,

    // Segregated witness
    WitnessProgramWrongLength,
    WitnessProgramWitnessEmpty,
    WitnessProgramMismatch,
    WitnessMalleated,
    WitnessMalleatedP2Sh,
    WitnessUnexpected,
    WitnessPubKeyType,

    // Constant scriptCode
    OpCodeSeparator,
    SigFindAndDelete,

    /// <summary>A script number was too long or (under MINIMALDATA) not minimally encoded.</summary>
    ScriptNum,

    /// <summary>A taproot (witness v1) spend under the TAPROOT flag, which this interpreter does not validate.</summary>
    TaprootUnsupported,
}

/// <summary>bitcoind's names and messages for <see cref="ScriptError"/>.</summary>
public static class ScriptErrors
{
    /// <summary>bitcoind's SCRIPT_ERR_ suffix, e.g. "EVAL_FALSE", as script_tests.json spells it.</summary>
    public static string CoreName(this ScriptError error) => error switch
    {
        ScriptError.Ok => "OK",
        ScriptError.UnknownError => "UNKNOWN_ERROR",
        ScriptError.EvalFalse => "EVAL_FALSE",
        ScriptError.OpReturn => "OP_RETURN",
        ScriptError.ScriptSize => "SCRIPT_SIZE",
        ScriptError.PushSize => "PUSH_SIZE",
        ScriptError.OpCount => "OP_COUNT",
        ScriptError.StackSize => "STACK_SIZE",
        ScriptError.SigCount => "SIG_COUNT",
        ScriptError.PubKeyCount => "PUBKEY_COUNT",
        ScriptError.Verify => "VERIFY",
        ScriptError.EqualVerify => "EQUALVERIFY",
        ScriptError.CheckMultiSigVerify => "CHECKMULTISIGVERIFY",
        ScriptError.CheckSigVerify => "CHECKSIGVERIFY",
        ScriptError.NumEqualVerify => "NUMEQUALVERIFY",
        ScriptError.BadOpcode => "BAD_OPCODE",
        ScriptError.DisabledOpcode => "DISABLED_OPCODE",
        ScriptError.InvalidStackOperation => "INVALID_STACK_OPERATION",
        ScriptError.InvalidAltStackOperation => "INVALID_ALTSTACK_OPERATION",
        ScriptError.UnbalancedConditional => "UNBALANCED_CONDITIONAL",
        ScriptError.NegativeLockTime => "NEGATIVE_LOCKTIME",
        ScriptError.UnsatisfiedLockTime => "UNSATISFIED_LOCKTIME",
        ScriptError.SigHashType => "SIG_HASHTYPE",
        ScriptError.SigDer => "SIG_DER",
        ScriptError.MinimalData => "MINIMALDATA",
        ScriptError.SigPushOnly => "SIG_PUSHONLY",
        ScriptError.SigHighS => "SIG_HIGH_S",
        ScriptError.SigNullDummy => "SIG_NULLDUMMY",
        ScriptError.PubKeyType => "PUBKEYTYPE",
        ScriptError.CleanStack => "CLEANSTACK",
        ScriptError.MinimalIf => "MINIMALIF",
        ScriptError.SigNullFail => "NULLFAIL",
        ScriptError.DiscourageUpgradableNops => "DISCOURAGE_UPGRADABLE_NOPS",
        ScriptError.DiscourageUpgradableWitnessProgram => "DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM",
        ScriptError.WitnessProgramWrongLength => "WITNESS_PROGRAM_WRONG_LENGTH",
        ScriptError.WitnessProgramWitnessEmpty => "WITNESS_PROGRAM_WITNESS_EMPTY",
        ScriptError.WitnessProgramMismatch => "WITNESS_PROGRAM_MISMATCH",
        ScriptError.WitnessMalleated => "WITNESS_MALLEATED",
        ScriptError.WitnessMalleatedP2Sh => "WITNESS_MALLEATED_P2SH",
        ScriptError.WitnessUnexpected => "WITNESS_UNEXPECTED",
        ScriptError.WitnessPubKeyType => "WITNESS_PUBKEYTYPE",
        ScriptError.OpCodeSeparator => "OP_CODESEPARATOR",
        ScriptError.SigFindAndDelete => "SIG_FINDANDDELETE",
        ScriptError.ScriptNum => "SCRIPTNUM",
        ScriptError.TaprootUnsupported => "TAPROOT_UNSUPPORTED",
        _ => "UNKNOWN_ERROR",
    };

    /// <summary>bitcoind's ScriptErrorString, the text sendrawtransaction puts in parentheses after its reject reason.</summary>
    public static string Message(this ScriptError error) => error switch
    {
        ScriptError.Ok => "No error",
        ScriptError.EvalFalse => "Script evaluated without error but finished with a false/empty top stack element",
        ScriptError.Verify => "Script failed an OP_VERIFY operation",
        ScriptError.EqualVerify => "Script failed an OP_EQUALVERIFY operation",
        ScriptError.CheckMultiSigVerify => "Script failed an OP_CHECKMULTISIGVERIFY operation",
        ScriptError.CheckSigVerify => "Script failed an OP_CHECKSIGVERIFY operation",
        ScriptError.NumEqualVerify => "Script failed an OP_NUMEQUALVERIFY operation",
        ScriptError.ScriptSize => "Script is too big",
        ScriptError.PushSize => "Push value size limit exceeded",
        ScriptError.OpCount => "Operation limit exceeded",
        ScriptError.StackSize => "Stack size limit exceeded",
        ScriptError.SigCount => "Signature count negative or greater than pubkey count",
        ScriptError.PubKeyCount => "Pubkey count negative or limit exceeded",
        ScriptError.BadOpcode => "Opcode missing or not understood",
        ScriptError.DisabledOpcode => "Attempted to use a disabled opcode",
        ScriptError.InvalidStackOperation => "Operation not valid with the current stack size",
        ScriptError.InvalidAltStackOperation => "Operation not valid with the current altstack size",
        ScriptError.OpReturn => "OP_RETURN was encountered",
        ScriptError.UnbalancedConditional => "Invalid OP_IF construction",
        ScriptError.NegativeLockTime => "Negative locktime",
        ScriptError.UnsatisfiedLockTime => "Locktime requirement not satisfied",
        ScriptError.SigHashType => "Signature hash type missing or not understood",
        ScriptError.SigDer => "Non-canonical DER signature",
        ScriptError.MinimalData => "Data push larger than necessary",
        ScriptError.SigPushOnly => "Only push operators allowed in signatures",
        ScriptError.SigHighS => "Non-canonical signature: S value is unnecessarily high",
        ScriptError.SigNullDummy => "Dummy CHECKMULTISIG argument must be zero",
        ScriptError.MinimalIf => "OP_IF/NOTIF argument must be minimal",
        ScriptError.SigNullFail => "Signature must be zero for failed CHECK(MULTI)SIG operation",
        ScriptError.DiscourageUpgradableNops => "NOPx reserved for soft-fork upgrades",
        ScriptError.DiscourageUpgradableWitnessProgram => "Witness version reserved for soft-fork upgrades",
        ScriptError.PubKeyType => "Public key is neither compressed or uncompressed",
        ScriptError.CleanStack => "Stack size must be exactly one after execution",
        ScriptError.WitnessProgramWrongLength => "Witness program has incorrect length",
        ScriptError.WitnessProgramWitnessEmpty => "Witness program was passed an empty witness",
        ScriptError.WitnessProgramMismatch => "Witness program hash mismatch",
        ScriptError.WitnessMalleated => "Witness requires empty scriptSig",
        ScriptError.WitnessMalleatedP2Sh => "Witness requires only-redeemscript scriptSig",
        ScriptError.WitnessUnexpected => "Witness provided for non-witness script",
        ScriptError.WitnessPubKeyType => "Using non-compressed keys in segwit",
        ScriptError.OpCodeSeparator => "Using OP_CODESEPARATOR in non-witness script",
        ScriptError.SigFindAndDelete => "Signature is found in scriptCode",
        ScriptError.ScriptNum => "Script number overflowed or is non-minimally encoded",
        ScriptError.TaprootUnsupported => "Taproot spends are not validated by this node",
        _ => "unknown error",
    };
}
