using System.Globalization;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Scripts.Interpreter;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Tests.Scripts.Interpreter;

/// <summary>
/// Reads the script notation of Bitcoin Core's test data (core_read.cpp ParseScript, as described in
/// shared/vectors/bitcoin/README.md): opcode names with or without OP_, decimal numbers pushed as minimal script
/// numbers, 0x… inserted as raw bytes, and 'text' pushed as a string. Also Core's flag names.
/// </summary>
internal static class CoreScriptNotation
{
    public static Script Parse(string text)
    {
        var builder = new ScriptBuilder();
        foreach (var word in text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsNumber(word))
            {
                var n = long.Parse(word, CultureInfo.InvariantCulture);
                if (n > 0xffffffffL || n < -0xffffffffL)
                    throw new FormatException($"number {word} out of ParseScript's range");
                builder.Push(n);
            }
            else if (word.StartsWith("0x", StringComparison.Ordinal) && word.Length > 2)
            {
                builder.Append(Hex.Decode(word[2..]));
            }
            else if (word.Length >= 2 && word[0] == '\'' && word[^1] == '\'')
            {
                builder.PushRaw(System.Text.Encoding.ASCII.GetBytes(word[1..^1]));
            }
            else if (OpcodeNames.TryParse(word, out var opcode))
            {
                builder.Op(opcode);
            }
            else
            {
                throw new FormatException($"unknown script word '{word}'");
            }
        }
        return builder.ToScript();
    }

    private static bool IsNumber(string word) =>
        word.All(char.IsAsciiDigit) || (word.Length > 1 && word[0] == '-' && word[1..].All(char.IsAsciiDigit));

    /// <summary>Core's flag names (script/interpreter names without SCRIPT_VERIFY_); tapscript-only flags map to nothing.</summary>
    public static ScriptVerifyFlags ParseFlags(string text)
    {
        var flags = ScriptVerifyFlags.None;
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            flags |= name switch
            {
                "NONE" => ScriptVerifyFlags.None,
                "P2SH" => ScriptVerifyFlags.P2Sh,
                "STRICTENC" => ScriptVerifyFlags.StrictEnc,
                "DERSIG" => ScriptVerifyFlags.DerSig,
                "LOW_S" => ScriptVerifyFlags.LowS,
                "SIGPUSHONLY" => ScriptVerifyFlags.SigPushOnly,
                "MINIMALDATA" => ScriptVerifyFlags.MinimalData,
                "NULLDUMMY" => ScriptVerifyFlags.NullDummy,
                "DISCOURAGE_UPGRADABLE_NOPS" => ScriptVerifyFlags.DiscourageUpgradableNops,
                "CLEANSTACK" => ScriptVerifyFlags.CleanStack,
                "MINIMALIF" => ScriptVerifyFlags.MinimalIf,
                "NULLFAIL" => ScriptVerifyFlags.NullFail,
                "CHECKLOCKTIMEVERIFY" => ScriptVerifyFlags.CheckLockTimeVerify,
                "CHECKSEQUENCEVERIFY" => ScriptVerifyFlags.CheckSequenceVerify,
                "WITNESS" => ScriptVerifyFlags.Witness,
                "DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM" => ScriptVerifyFlags.DiscourageUpgradableWitnessProgram,
                "WITNESS_PUBKEYTYPE" => ScriptVerifyFlags.WitnessPubKeyType,
                "CONST_SCRIPTCODE" => ScriptVerifyFlags.ConstScriptCode,
                "TAPROOT" => ScriptVerifyFlags.Taproot,
                "DISCOURAGE_UPGRADABLE_TAPROOT_VERSION" or "DISCOURAGE_OP_SUCCESS" or "DISCOURAGE_UPGRADABLE_PUBKEYTYPE" => ScriptVerifyFlags.None,
                _ => throw new FormatException($"unknown flag {name}"),
            };
        }
        return flags;
    }

    /// <summary>Every flag Core's transaction tests know (mapFlagNames), for "all flags except these".</summary>
    public const ScriptVerifyFlags AllFlags =
        ScriptVerifyFlagSets.Standard | ScriptVerifyFlags.SigPushOnly | ScriptVerifyFlags.Taproot;
}
