using System;
using System.Collections;
using System.IO;
using System.Management.Automation;

namespace Spuff.PowerShell.Internal
{
    /// <summary>
    /// Refuses, at binding, a path (or each path of an array) that is not an existing file, resolved against the
    /// caller's location as PowerShell paths are ('~' and relative paths work). A key file that is missing must
    /// stop New-SpuffInstance before it creates a machine it then cannot log in to.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateExistingFileAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            var items = value is string single ? new object[] { single } : value as IEnumerable ?? new object?[] { value };
            foreach (var item in items)
            {
                var text = (item is PSObject w ? w.BaseObject : item) as string;
                var problem = ValidateSpuffTextAttribute.Problem(text, 4096, allowSpaces: true, allowLineBreaks: false);
                if (problem != null)
                {
                    throw new ValidationMetadataException(problem);
                }

                string path;
                try
                {
                    path = engineIntrinsics?.SessionState?.Path?.GetUnresolvedProviderPathFromPSPath(text) ?? text!;
                }
                catch (Exception error) when (!(error is PipelineStoppedException))
                {
                    throw new ValidationMetadataException($"'{text}' is not a file system path: {error.Message}");
                }

                if (!File.Exists(path))
                {
                    throw new ValidationMetadataException($"The file '{path}' does not exist.");
                }
            }
        }
    }
}
