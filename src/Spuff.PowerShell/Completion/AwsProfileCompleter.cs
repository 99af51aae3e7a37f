using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Spuff.PowerShell.Completion
{
    /// <summary>
    /// Completes -ProfileName with the AWS profiles of the shared files, as the AWS CLI reads them: the sections
    /// [NAME] of the credentials file (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials) and [profile NAME] or
    /// [default] of the config file (AWS_CONFIG_FILE, else ~/.aws/config). Reads only section headers, never a
    /// key, and is silent when a file is missing or unreadable.
    /// </summary>
    public sealed class AwsProfileCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return Profiles()
                .Where(p => p.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .GroupBy(p => p.Name, StringComparer.Ordinal)
                .Select(g => new CompletionResult(
                    g.Key.IndexOfAny(new[] { ' ', '\'', '$', '`', ';' }) >= 0 ? "'" + g.Key.Replace("'", "''") + "'" : g.Key,
                    g.Key,
                    CompletionResultType.ParameterValue,
                    $"AWS profile {g.Key} ({string.Join(", ", g.Select(p => p.File).Distinct())})"))
                .OrderBy(r => r.ListItemText, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        internal static IEnumerable<(string Name, string File)> Profiles()
        {
            var home = Environment.GetEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }

            var credentials = Path(Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE"), home, "credentials");
            var config = Path(Environment.GetEnvironmentVariable("AWS_CONFIG_FILE"), home, "config");
            foreach (var section in Sections(credentials))
            {
                yield return (section, "credentials");
            }

            foreach (var section in Sections(config))
            {
                if (section == "default")
                {
                    yield return (section, "config");
                }
                else if (section.StartsWith("profile ", StringComparison.Ordinal) && section.Substring(8).Trim().Length > 0)
                {
                    yield return (section.Substring(8).Trim(), "config");
                }
            }
        }

        private static string? Path(string? configured, string? home, string file) =>
            !string.IsNullOrWhiteSpace(configured) ? configured
            : string.IsNullOrEmpty(home) ? null
            : System.IO.Path.Combine(home, ".aws", file);

        private static IEnumerable<string> Sections(string? path)
        {
            string[] lines;
            try
            {
                if (path == null || !File.Exists(path))
                {
                    return Array.Empty<string>();
                }

                lines = File.ReadAllLines(path);
            }
            catch (Exception)
            {
                // Completion is best effort.
                return Array.Empty<string>();
            }

            return lines
                .Select(l => l.Trim())
                .Where(l => l.Length > 2 && l[0] == '[' && l[l.Length - 1] == ']')
                .Select(l => l.Substring(1, l.Length - 2).Trim())
                .Where(s => s.Length > 0)
                .ToList();
        }
    }
}
